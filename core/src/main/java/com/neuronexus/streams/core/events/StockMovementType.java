package com.neuronexus.streams.core.events;

public enum StockMovementType {
    RECEIPT,
    ADJUSTMENT,
    COUNT,
    ORDER_PLACED,
    ORDER_CANCELLED
}
