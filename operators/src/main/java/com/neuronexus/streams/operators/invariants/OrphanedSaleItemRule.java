package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.outputs.LedgerCorrection;
import java.time.Instant;
import java.util.List;

/**
 * NO_ORPHANED_SALE_ITEMS: every SALE_ITEM has its SALE header. Checked when the orphan timeout after the
 * first item passes (items routinely arrive before their header), and again when a header arrives.
 * The only auto-corrected invariant (DESIGN §5): each orphaned item gets a "delete orphaned sale item" command.
 */
public final class OrphanedSaleItemRule {
    private OrphanedSaleItemRule() {}

    public static Check check(SaleLedger sale) {
        boolean orphaned = !sale.hasHeader() && !sale.items().isEmpty();
        return new Check(Invariant.NO_ORPHANED_SALE_ITEMS, sale.saleId(), orphaned,
                "header for " + sale.items().size() + " item(s)",
                sale.hasHeader() ? "header " + sale.header().eventId() : "no header",
                sale.eventIds(true, false));
    }

    /** One delete command per orphaned item; ids derive from the item, so a replay issues the same commands. */
    public static List<LedgerCorrection> corrections(SaleLedger sale, Instant ts) {
        if (sale.hasHeader()) {
            return List.of();
        }
        return sale.items().stream().map(item -> correction(item, ts)).toList();
    }

    /** The delete command for one orphaned item. */
    public static LedgerCorrection correction(LedgerEvent item, Instant ts) {
        return new LedgerCorrection(
                ContentIds.prefixed("corr", LedgerCorrection.DELETE_ORPHANED_SALE_ITEM, item.eventId()),
                LedgerCorrection.DELETE_ORPHANED_SALE_ITEM,
                Invariant.NO_ORPHANED_SALE_ITEMS.name(),
                item.saleId(),
                item.lineNo(),
                item.sku(),
                item.eventId(),
                "sale item without a SALE header after the orphan timeout",
                ts);
    }
}
