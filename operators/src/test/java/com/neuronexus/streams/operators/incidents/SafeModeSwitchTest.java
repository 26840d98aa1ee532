package com.neuronexus.streams.operators.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.outputs.ControlCommand.Command;
import org.junit.jupiter.api.Test;

class SafeModeSwitchTest {

    @Test
    void onAtFOffOnlyAfterConsecutiveRecovery() {
        SafeModeSwitch s = new SafeModeSwitch(HealthRules.defaults(), false, 0);
        assertNull(s.onGrade("D"));
        assertEquals(Command.SAFE_MODE_ON, s.onGrade("F"));
        assertNull(s.onGrade("F"), "no second ON");
        assertNull(s.onGrade("C"));
        assertNull(s.onGrade("B"));
        assertNull(s.onGrade("D"), "D breaks the recovery streak");
        assertNull(s.onGrade("C"));
        assertNull(s.onGrade("A"));
        assertTrue(s.isOn());
        assertEquals(Command.SAFE_MODE_OFF, s.onGrade("C"));
        assertNull(s.onGrade("A"));
    }

    @Test
    void hoveringAroundTheLineDoesNotFlap() {
        SafeModeSwitch s = new SafeModeSwitch(HealthRules.defaults(), false, 0);
        int commands = 0;
        for (int i = 0; i < 20; i++) {
            if (s.onGrade(i % 2 == 0 ? "F" : "D") != null) {
                commands++;
            }
        }
        assertEquals(1, commands);
        assertTrue(s.isOn());
    }

    @Test
    void restoredFromState() {
        SafeModeSwitch s = new SafeModeSwitch(HealthRules.defaults(), true, 2);
        assertEquals(Command.SAFE_MODE_OFF, s.onGrade("B"));
    }
}
