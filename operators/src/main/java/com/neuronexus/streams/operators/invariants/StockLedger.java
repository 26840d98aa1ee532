package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.LedgerEventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-SKU stock position of the ledger, fed STOCK_COUNT and STOCK_MOVE events in event-time order, checking
 * NO_NEGATIVE_STOCK and STOCK_MOVEMENT_BALANCE on every event.
 *
 * <p>A SKU is checked only from its first STOCK_COUNT on: before a baseline the ledger does not know what is
 * on the shelf, and reporting moves against an unknown start would be false positives.
 *
 * <p>A Flink POJO (public fields, no-argument constructor, arrays instead of collections) so it can live in
 * keyed state without Kryo.
 */
public class StockLedger {
    /** Evidence keeps at most this many movement ids (the newest): a busy SKU must not grow its state. */
    static final int MAX_EVIDENCE_IDS = 16;

    /** True once a STOCK_COUNT has given the SKU a baseline. */
    public boolean counted;
    /** Running on-hand balance: last count plus moves since. */
    public double balance;
    /** On-hand of the last STOCK_COUNT. */
    public double lastCount;
    /** Sum of signed STOCK_MOVE quantities since the last count. */
    public double movesSinceCount;
    public String lastCountEventId;
    /** The newest movement event ids since the last count, oldest first (at most {@link #MAX_EVIDENCE_IDS}). */
    public String[] moveIdsSinceCount = new String[0];
    /** Whether the last NO_NEGATIVE_STOCK check found a violation. */
    public boolean negativeViolated;
    /** Whether the last STOCK_MOVEMENT_BALANCE check found a violation. */
    public boolean balanceViolated;

    public StockLedger() {}

    /** Applies one event (in event-time order) and returns the checks it caused; other types are ignored. */
    public List<Check> apply(LedgerEvent event) {
        List<Check> checks = new ArrayList<>(2);
        if (event.type() == LedgerEventType.STOCK_COUNT && event.onHand() != null && Double.isFinite(event.onHand())) {
            double onHand = event.onHand();
            if (counted) {
                List<String> ids = evidence(event.eventId());
                checks.add(StockMovementBalanceRule.check(event.sku(), lastCount, movesSinceCount, onHand, ids));
            }
            counted = true;
            lastCount = onHand;
            balance = onHand;
            movesSinceCount = 0;
            lastCountEventId = event.eventId();
            moveIdsSinceCount = new String[0];
            checks.add(NegativeStockRule.check(event.sku(), balance, List.of(event.eventId())));
        } else if (event.type() == LedgerEventType.STOCK_MOVE && event.qty() != null && Double.isFinite(event.qty())) {
            if (!counted) {
                return checks;
            }
            balance += event.qty();
            movesSinceCount += event.qty();
            appendMoveId(event.eventId());
            checks.add(NegativeStockRule.check(event.sku(), balance, evidence(null)));
        }
        for (Check check : checks) {
            if (check.invariant() == Invariant.NO_NEGATIVE_STOCK) {
                negativeViolated = check.violated();
            } else {
                balanceViolated = check.violated();
            }
        }
        return checks;
    }

    /** Whether the entity was in violation of the invariant before the checks just returned were applied. */
    public static boolean wasViolated(Check check, boolean negativeBefore, boolean balanceBefore) {
        return check.invariant() == Invariant.NO_NEGATIVE_STOCK ? negativeBefore : balanceBefore;
    }

    private void appendMoveId(String id) {
        String[] ids = moveIdsSinceCount == null ? new String[0] : moveIdsSinceCount;
        if (ids.length < MAX_EVIDENCE_IDS) {
            ids = Arrays.copyOf(ids, ids.length + 1);
        } else {
            System.arraycopy(ids, 1, ids, 0, ids.length - 1);
        }
        ids[ids.length - 1] = id;
        moveIdsSinceCount = ids;
    }

    private List<String> evidence(String countEventId) {
        List<String> ids = new ArrayList<>();
        if (lastCountEventId != null) {
            ids.add(lastCountEventId);
        }
        if (moveIdsSinceCount != null) {
            ids.addAll(Arrays.asList(moveIdsSinceCount));
        }
        if (countEventId != null) {
            ids.add(countEventId);
        }
        return ids;
    }
}
