package com.neuronexus.streams.operators.invariants;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;

/**
 * A customer's credit position: the latest credit limit, invoiced and paid totals, checked after every
 * posting once a limit is known (a customer without a CUSTOMER record has no limit to exceed).
 * A Flink POJO, so it lives in keyed state without Kryo.
 */
public class CreditAccount {
    static final int MAX_EVIDENCE_IDS = 16;

    /** Latest CUSTOMER credit_limit; null until the customer record arrives. */
    public BigDecimal creditLimit;
    public BigDecimal invoiced = BigDecimal.ZERO;
    public BigDecimal paid = BigDecimal.ZERO;
    /** The newest posting event ids (evidence), oldest first. */
    public String[] recentEventIds = new String[0];
    /** Whether the last check found the limit exceeded. */
    public boolean violated;

    public CreditAccount() {}

    /** Applies a posting and checks at once: {@link #post} then {@link #check}. */
    public Optional<Check> apply(CreditPosting posting, BigDecimal tolerance) {
        post(posting);
        return check(posting.customerId(), tolerance);
    }

    /** Books a posting (in event-time order) without checking. */
    public void post(CreditPosting posting) {
        BigDecimal amount = Money.orZero(posting.amount());
        switch (posting.kind()) {
            case LIMIT -> creditLimit = amount;
            case INVOICE -> invoiced = invoiced.add(amount);
            case PAYMENT -> paid = paid.add(amount);
        }
        remember(posting.eventId());
    }

    /**
     * Checks the current position, if a limit is known, and remembers the result. Checking once after all
     * postings of an instant means an invoice and the payment booked with it never flap.
     */
    public Optional<Check> check(String customerId, BigDecimal tolerance) {
        if (creditLimit == null) {
            return Optional.empty();
        }
        Check check = CreditLimitRule.check(customerId, creditLimit, invoiced, paid, tolerance,
                new ArrayList<>(Arrays.asList(recentEventIds)));
        violated = check.violated();
        return Optional.of(check);
    }

    private void remember(String id) {
        String[] ids = recentEventIds == null ? new String[0] : recentEventIds;
        if (ids.length < MAX_EVIDENCE_IDS) {
            ids = Arrays.copyOf(ids, ids.length + 1);
        } else {
            System.arraycopy(ids, 1, ids, 0, ids.length - 1);
        }
        ids[ids.length - 1] = id;
        recentEventIds = ids;
    }
}
