package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import com.neuronexus.streams.core.outputs.SecurityBlock;
import com.neuronexus.streams.core.settings.AuditSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.audit.AuditChainFunction;
import com.neuronexus.streams.operators.audit.BruteForceDetector;
import com.neuronexus.streams.operators.audit.BruteForceFunction;
import com.neuronexus.streams.operators.audit.CheckpointPolicy;
import com.neuronexus.streams.operators.audit.LateAuditSignals;
import com.neuronexus.streams.operators.audit.SecurityAttempt;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Audit: seals (or verifies) the hash chain of every audit chain, publishes Merkle checkpoints, and blocks
 * brute-force logins. Reads {@code audit.events}; writes {@code audit.chain}, {@code audit.checkpoints},
 * {@code security.blocks} and {@code ops.signals} (AUDIT_CHAIN_TAMPERED P1, AUDIT_EVENT_LATE P2, BRUTE_FORCE P2).
 */
public final class AuditJob extends NexusJob {

    public static void main(String[] args) throws Exception {
        JobLauncher.run(args, "audit", AuditJob::new);
    }

    public AuditJob(Settings settings, TopicIo io) {
        super(settings, io);
    }

    @Override
    public String shortName() {
        return "audit";
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        CheckpointPolicy policy = new CheckpointPolicy(settings.get(AuditSettings.CHECKPOINT_EVERY_EVENTS),
                settings.get(AuditSettings.CHECKPOINT_EVERY_SECONDS) * 1000L);
        BruteForceDetector.Config bruteForce = BruteForceDetector.Config.of(
                settings.get(AuditSettings.BRUTE_FORCE_THRESHOLD),
                settings.get(AuditSettings.BRUTE_FORCE_WINDOW_SECONDS) * 1000L,
                settings.get(AuditSettings.BRUTE_FORCE_BLOCK_SECONDS) * 1000L,
                settings.get(AuditSettings.LOGIN_ACTIONS));

        DataStream<AuditEvent> events = io.read(env, Topic.AUDIT_EVENTS, AuditEvent.class);

        SingleOutputStreamOperator<AuditRecord> chain = events
                .keyBy(AuditEvent::chain)
                .process(new AuditChainFunction(policy))
                .returns(AuditRecord.class)
                .name("seal and verify audit chains")
                .uid("audit-chain");

        SingleOutputStreamOperator<SecurityBlock> blocks = events
                .flatMap((AuditEvent e, org.apache.flink.util.Collector<SecurityAttempt> out) ->
                        SecurityAttempt.of(e, bruteForce).forEach(out::collect))
                .returns(SecurityAttempt.class)
                .name("login attempts per actor and IP")
                .uid("audit-login-attempts")
                .keyBy(SecurityAttempt::key)
                .process(new BruteForceFunction(bruteForce))
                .returns(SecurityBlock.class)
                .name("brute-force blocks")
                .uid("audit-brute-force");

        DataStream<Signal> lateSignals = io.deadLetters(Topic.AUDIT_EVENTS)
                .flatMap((com.neuronexus.streams.core.events.DeadLetter dead,
                        org.apache.flink.util.Collector<Signal> out) -> {
                    Signal signal = LateAuditSignals.fromDeadLetter(dead);
                    if (signal != null) {
                        out.collect(signal);
                    }
                })
                .returns(TypeInformation.of(Signal.class))
                .name("late audit events to signals")
                .uid("audit-late-signals");

        io.write(chain, Topic.AUDIT_CHAIN, AuditRecord.class);
        io.write(chain.getSideOutput(AuditChainFunction.CHECKPOINTS), Topic.AUDIT_CHECKPOINTS, AuditCheckpoint.class);
        io.write(blocks, Topic.SECURITY_BLOCKS, SecurityBlock.class);
        io.write(chain.getSideOutput(AuditChainFunction.SIGNALS)
                        .union(blocks.getSideOutput(BruteForceFunction.SIGNALS), lateSignals),
                Topic.SIGNALS, Signal.class);
    }
}
