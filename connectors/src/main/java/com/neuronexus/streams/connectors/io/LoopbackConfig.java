package com.neuronexus.streams.connectors.io;

import org.apache.flink.configuration.Configuration;

/** Configuration for an in-process Flink MiniCluster that binds loopback only (by default it binds every interface). */
public final class LoopbackConfig {
    private LoopbackConfig() {}

    public static Configuration create() {
        Configuration config = new Configuration();
        config.setString("jobmanager.bind-host", "127.0.0.1");
        config.setString("jobmanager.rpc.address", "127.0.0.1");
        config.setString("taskmanager.bind-host", "127.0.0.1");
        config.setString("taskmanager.host", "127.0.0.1");
        config.setString("rest.bind-address", "127.0.0.1");
        config.setString("rest.address", "127.0.0.1");
        return config;
    }
}
