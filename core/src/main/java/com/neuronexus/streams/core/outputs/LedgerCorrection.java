package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * {@code ledger.corrections} (topic only): a command for the ledger's owner to repair data an invariant found
 * broken. Today the only command is {@link #DELETE_ORPHANED_SALE_ITEM} (NO_ORPHANED_SALE_ITEMS, DESIGN §5).
 * {@code correction_id} derives from the command and the item's event id, so a replay issues the same command
 * and consumers can apply it idempotently.
 */
public record LedgerCorrection(
        String correctionId,
        String command,
        String invariant,
        String saleId,
        Integer lineNo,
        String sku,
        String itemEventId,
        String reason,
        Instant ts) {

    public static final String DELETE_ORPHANED_SALE_ITEM = "DELETE_ORPHANED_SALE_ITEM";
}
