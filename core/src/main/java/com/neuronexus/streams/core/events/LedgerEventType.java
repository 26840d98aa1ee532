package com.neuronexus.streams.core.events;

public enum LedgerEventType {
    SALE,
    SALE_ITEM,
    PAYMENT,
    INVOICE,
    CUSTOMER,
    STOCK_MOVE,
    STOCK_COUNT
}
