package com.neuronexus.streams.operators.audit;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import com.neuronexus.streams.operators.state.ReleaseBuckets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Seals (or, for pre-chained events, verifies) one chain per key, in a deterministic total order: events are
 * held until the watermark passes their event time, then appended ordered by (event time, event_id). Emits
 * the rows, checkpoints ({@link #CHECKPOINTS}) and signals ({@link #SIGNALS}): AUDIT_CHAIN_TAMPERED (P1) for
 * a batch with pre-chained rows that do not verify, AUDIT_EVENT_LATE (P2) for an event that arrives behind the
 * watermark (still sealed, at the next watermark, after the rows already sealed).
 */
public class AuditChainFunction extends KeyedProcessFunction<String, AuditEvent, AuditRecord> {
    private static final long serialVersionUID = 1L;

    public static final String SOURCE = "audit";
    public static final String TAMPERED = "AUDIT_CHAIN_TAMPERED";
    public static final String LATE = "AUDIT_EVENT_LATE";

    public static final OutputTag<AuditCheckpoint> CHECKPOINTS =
            new OutputTag<>("audit-checkpoints", TypeInformation.of(AuditCheckpoint.class));
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("audit-signals", TypeInformation.of(Signal.class));

    /** Deterministic total order of a batch; the hash fields only break ties between identical ids. */
    static final Comparator<AuditEvent> ORDER = Comparator.comparing(AuditEvent::ts)
            .thenComparing(AuditEvent::eventId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(e -> String.valueOf(e.rowHash()))
            .thenComparing(e -> String.valueOf(e.prevHash()))
            .thenComparing(AuditEncoding::encode, Arrays::compare);

    /**
     * Head of the chain as savepoints before the {@link Tip} layout kept it: last seq, its row hash, and the
     * recent row hashes (~4.5 KB read and rewritten at every release). Read once to migrate, never written.
     */
    public record Head(long seq, String hash, String[] recent) {}

    private static final String[] NO_RECENT = new String[0];

    /**
     * The chain as kept in state, read and written once per release: head (last seq and its row hash) and the
     * open checkpoint segment ({@code segmentCount} 0 = none; see {@link Segment} for the fields).
     */
    public record Tip(long seq, String hash, long segmentFirstSeq, long segmentStartMillis, long segmentCount,
            long segmentHeadMillis) {

        static Tip of(long seq, String hash, Segment open) {
            return open == null ? new Tip(seq, hash, 0, 0, 0, 0)
                    : new Tip(seq, hash, open.firstSeq(), open.startMillis(), open.count(), open.headMillis());
        }

        Segment segment() {
            return segmentCount == 0 ? null
                    : new Segment(segmentFirstSeq, segmentStartMillis, segmentCount, segmentHeadMillis);
        }
    }

    /**
     * The open checkpoint segment: its first seq, the event time it started at (its release time), its row
     * count and the event time of its last row (the checkpoint's ts, which verifiers check).
     */
    public record Segment(long firstSeq, long startMillis, long count, long headMillis) {}

    private final CheckpointPolicy policy;

    /**
     * Events waiting for the watermark ("pending"), by release time (event time; just past the watermark if late),
     * one release timer per release time.
     */
    private transient ReleaseBuckets<AuditEvent> pending;
    /** Head and open segment; survives restarts so a recovered job continues with the next seq. */
    private transient ValueState<Tip> tip;
    /** Old layout (head with recent hashes), read once to migrate into {@link #tip} and the recent-hash map. */
    private transient ValueState<Head> legacyHead;
    /** Old layout (the open segment on its own), read once to migrate into {@link #tip}. */
    private transient ValueState<Segment> legacySegment;
    /** Row hashes of the open segment, in seq order: the Merkle leaves of the next checkpoint. */
    private transient ListState<String> segmentHashes;
    /**
     * The recent row hashes HashChain needs to classify a pre-chained event that does not link (duplicate,
     * reordering): slot {@code seq % RECENT} holds the row hash of that seq, so sealing a row overwrites one
     * small entry instead of rewriting the whole list, and the list is only read for pre-chained events.
     */
    private transient MapState<Integer, String> recentHashes;

    public AuditChainFunction(CheckpointPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = ReleaseBuckets.open(getRuntimeContext(), "pending", TypeInformation.of(AuditEvent.class), ORDER, 0);
        tip = getRuntimeContext().getState(new ValueStateDescriptor<>("tip", TypeInformation.of(Tip.class)));
        legacyHead = getRuntimeContext().getState(new ValueStateDescriptor<>("head", TypeInformation.of(Head.class)));
        legacySegment = getRuntimeContext().getState(
                new ValueStateDescriptor<>("segment", TypeInformation.of(Segment.class)));
        segmentHashes = getRuntimeContext().getListState(new ListStateDescriptor<>("segment-hashes", Types.STRING));
        recentHashes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("recent-hashes", Types.INT, Types.STRING));
    }

    @Override
    public void processElement(AuditEvent event, Context ctx, Collector<AuditRecord> out) throws Exception {
        if (event == null || event.ts() == null) {
            return;
        }
        long ts = event.ts().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        long release = ts;
        if (ts <= watermark) {
            // Rows up to the watermark are sealed already; this one joins after them instead of being dropped.
            release = watermark + 1;
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("chain", ctx.getCurrentKey());
            evidence.put("event_id", event.eventId());
            evidence.put("ts", event.ts().toString());
            evidence.put("watermark", Instant.ofEpochMilli(watermark).toString());
            ctx.output(SIGNALS, Signal.of(SOURCE, LATE, ctx.getCurrentKey(), "P2", Signal.SignalState.OBSERVED,
                    event.ts(), Json.object(evidence)));
        }
        // Release timer: fires once the watermark reaches this event time.
        pending.add(ctx.getCurrentKey(), release, event, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AuditRecord> out) throws Exception {
        String chainName = ctx.getCurrentKey();
        Tip stored = storedTip();
        Segment open = stored == null ? null : stored.segment();
        if (open != null && policy.timeUp(open.count(), open.startMillis(), timestamp)) {
            closeSegment(ctx, open);
            open = null;
        }
        List<AuditEvent> batch = pending.release(chainName, timestamp);
        if (batch.isEmpty()) {
            // Only the segment deadline timer was due.
            if (stored != null && open == null && stored.segmentCount() != 0) {
                tip.update(Tip.of(stored.seq(), stored.hash(), null));
            }
            return;
        }
        Map<String, Integer> lastIndexOfHash = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).rowHash() != null) {
                lastIndexOfHash.put(batch.get(i).rowHash(), i);
            }
        }
        HashChain chain = stored == null
                ? new HashChain(chainName)
                : new HashChain(chainName, stored.seq(), stored.hash(), () -> storedRecent(stored.seq()));
        Damage firstDamage = null;
        int damaged = 0;
        for (int i = 0; i < batch.size(); i++) {
            final int index = i;
            HashChain.Appended appended = chain.append(batch.get(i),
                    hash -> lastIndexOfHash.getOrDefault(hash, -1) > index);
            AuditRecord row = appended.record();
            out.collect(row);
            if (!appended.ok()) {
                damaged++;
                if (firstDamage == null) {
                    firstDamage = appended.damage();
                }
            }
            if (open == null) {
                open = new Segment(row.seq(), timestamp, 0, 0);
                // Segment deadline timer: closes a quiet segment once event time passes its time limit.
                ctx.timerService().registerEventTimeTimer(policy.deadline(timestamp));
            }
            open = new Segment(open.firstSeq(), open.startMillis(), open.count() + 1, row.ts().toEpochMilli());
            segmentHashes.add(row.rowHash());
            if (policy.fullAfterAppend(open.count())) {
                closeSegment(ctx, open);
                open = null;
            }
        }
        putRecent(chain.headSeq(), chain.retiredHashes());
        tip.update(Tip.of(chain.headSeq(), chain.headHash(), open));
        if (firstDamage != null) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("chain", chainName);
            evidence.put("first_bad_seq", firstDamage.seq());
            evidence.put("damage", firstDamage.kind().name());
            evidence.put("event_id", firstDamage.eventId());
            evidence.put("detail", firstDamage.detail());
            evidence.put("bad_rows", damaged);
            ctx.output(SIGNALS, Signal.of(SOURCE, TAMPERED, chainName, "P1", Signal.SignalState.OBSERVED,
                    Instant.ofEpochMilli(timestamp), Json.object(evidence)));
        }
    }

    /** Stores {@code hashes}, which end at seq {@code headSeq - 1}; only the last RECENT can still be needed. */
    private void putRecent(long headSeq, List<String> hashes) throws Exception {
        int n = hashes.size();
        for (int i = Math.max(0, n - HashChain.RECENT); i < n; i++) {
            recentHashes.put(slot(headSeq - n + i), hashes.get(i));
        }
    }

    /**
     * The chain's tip; for a chain restored from the old layout (head with all recent hashes, segment on its
     * own), builds it from there, moves the recent hashes to their map, and drops the old values.
     */
    private Tip storedTip() throws Exception {
        Tip stored = tip.value();
        if (stored != null) {
            return stored;
        }
        Head head = legacyHead.value();
        if (head == null) {
            return null; // a new chain (the old layout also wrote the segment only along with the head)
        }
        if (head.recent() != null) {
            putRecent(head.seq(), List.of(head.recent()));
        }
        Tip migrated = Tip.of(head.seq(), head.hash(), legacySegment.value());
        tip.update(migrated);
        legacyHead.clear();
        legacySegment.clear();
        return migrated;
    }

    /** The recent hashes before head seq {@code headSeq}, oldest first (rows max(1, headSeq - RECENT) .. headSeq - 1). */
    private String[] storedRecent(long headSeq) {
        try {
            long from = Math.max(1, headSeq - HashChain.RECENT);
            List<String> recent = new ArrayList<>();
            for (long seq = from; seq < headSeq; seq++) {
                recent.add(recentHashes.get(slot(seq)));
            }
            return recent.toArray(NO_RECENT);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the recent hashes before seq " + headSeq, e);
        }
    }

    private static int slot(long seq) {
        return (int) Math.floorMod(seq, (long) HashChain.RECENT);
    }

    private void closeSegment(OnTimerContext ctx, Segment open) throws Exception {
        List<String> hashes = new ArrayList<>();
        for (String h : segmentHashes.get()) {
            hashes.add(h);
        }
        long headSeq = open.firstSeq() + hashes.size() - 1;
        ctx.output(CHECKPOINTS, new AuditCheckpoint(ctx.getCurrentKey(), headSeq, hashes.get(hashes.size() - 1),
                MerkleTree.rootHex(hashes), open.firstSeq(), hashes.size(), Instant.ofEpochMilli(open.headMillis())));
        segmentHashes.clear();
        long deadline = policy.deadline(open.startMillis());
        if (deadline != ctx.timestamp() && !pending.holdsAt(deadline)) {
            ctx.timerService().deleteEventTimeTimer(deadline);
        }
    }
}
