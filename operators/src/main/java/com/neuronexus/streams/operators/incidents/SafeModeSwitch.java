package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.outputs.ControlCommand.Command;

/**
 * Safe mode with hysteresis: ON as soon as a score grades F; OFF only after
 * {@link HealthRules#safeModeOffScores()} consecutive scores at {@link HealthRules#safeModeOffGrade()} or
 * better. A score between (D while the bar is C) neither turns it off nor counts towards recovery, so a
 * system hovering around the F line does not flap.
 *
 * <p>Its whole state is two values, exposed so a Flink function can keep them in keyed state.
 */
public final class SafeModeSwitch {

    private final HealthRules rules;
    private boolean on;
    private int goodInARow;

    public SafeModeSwitch(HealthRules rules, boolean on, int goodInARow) {
        this.rules = rules;
        this.on = on;
        this.goodInARow = goodInARow;
    }

    /** Feeds one grade; returns the command to issue, or null when the mode does not change. */
    public Command onGrade(String grade) {
        if (!on) {
            if ("F".equals(grade)) {
                on = true;
                goodInARow = 0;
                return Command.SAFE_MODE_ON;
            }
            return null;
        }
        if (atLeast(grade, rules.safeModeOffGrade())) {
            goodInARow++;
            if (goodInARow >= rules.safeModeOffScores()) {
                on = false;
                goodInARow = 0;
                return Command.SAFE_MODE_OFF;
            }
        } else {
            goodInARow = 0;
        }
        return null;
    }

    public boolean isOn() {
        return on;
    }

    public int goodInARow() {
        return goodInARow;
    }

    /** A is best; "A" is at least "C". */
    static boolean atLeast(String grade, String bar) {
        return grade != null && grade.length() == 1 && grade.compareTo(bar) <= 0;
    }
}
