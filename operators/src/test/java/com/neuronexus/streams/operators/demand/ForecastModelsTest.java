package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.operators.demand.model.Croston;
import com.neuronexus.streams.operators.demand.model.DampedHolt;
import com.neuronexus.streams.operators.demand.model.ForecastModel;
import com.neuronexus.streams.operators.demand.model.HoltWinters;
import com.neuronexus.streams.operators.demand.model.SeasonalNaive;
import com.neuronexus.streams.operators.demand.model.SimpleExponentialSmoothing;
import com.neuronexus.streams.operators.demand.model.Tsb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastModelsTest {

    private static void feed(ForecastModel model, double... values) {
        for (double v : values) {
            model.update(v);
        }
    }

    @Test
    void sesHandComputed() {
        ForecastModel ses = new SimpleExponentialSmoothing(0.5);
        feed(ses, 10, 20, 30);
        // level: 10 -> 15 -> 22.5
        assertEquals(22.5, ses.forecast(1), 1e-12);
        assertEquals(22.5, ses.forecast(7), 1e-12);
    }

    @Test
    void dampedHoltHandComputed() {
        ForecastModel holt = new DampedHolt(0.5, 0.5, 1.0);
        feed(holt, 10, 12, 15);
        // l=10; then b=2,l=12; then l=.5*15+.5*(12+2)=14.5, b=.5*2.5+.5*2=2.25
        assertEquals(16.75, holt.forecast(1), 1e-12);
        assertEquals(19.0, holt.forecast(2), 1e-12);
        ForecastModel damped = new DampedHolt(0.5, 0.5, 0.8);
        feed(damped, 10, 12, 15);
        // l = .5*15 + .5*(12 + .8*2) = 14.3; b = .5*(2.3) + .5*.8*2 = 1.95; f2 = 14.3 + (.8+.64)*1.95
        assertEquals(14.3 + 1.44 * 1.95, damped.forecast(2), 1e-12);
    }

    @Test
    void crostonSbaTsbHandComputed() {
        double[] series = {0, 0, 6, 0, 2};
        ForecastModel croston = new Croston(0.5, false);
        ForecastModel sba = new Croston(0.5, true);
        ForecastModel tsb = new Tsb(0.5, 0.5);
        feed(croston, series);
        feed(sba, series);
        feed(tsb, series);
        // sizes 6 -> 4, intervals 3 -> 2.5
        assertEquals(1.6, croston.forecast(1), 1e-12);
        assertEquals(1.2, sba.forecast(3), 1e-12);
        // probability 0,0,.5,.25,.625; size 6 -> 4
        assertEquals(2.5, tsb.forecast(1), 1e-12);
    }

    @Test
    void seasonalNaiveRepeatsLastSeason() {
        ForecastModel naive = new SeasonalNaive(3);
        feed(naive, 1, 2, 3, 4, 5, 6);
        assertEquals(4, naive.forecast(1));
        assertEquals(5, naive.forecast(2));
        assertEquals(6, naive.forecast(3));
        assertEquals(4, naive.forecast(4));
    }

    @Test
    void everyModelLearnsAConstantSeries() {
        for (ForecastModel model : ModelBank.candidates(7)) {
            for (int i = 0; i < 60; i++) {
                model.update(5);
            }
            // SBA deflates by (1 − alpha/2) on purpose: Croston's rate is biased upwards on intermittent data
            double expected = model.family().equals("SBA") ? 5 * (1 - 0.5 * alphaOf(model)) : 5;
            for (int h = 1; h <= 28; h++) {
                assertEquals(expected, model.forecast(h), 1e-6, model.label() + " step " + h);
            }
        }
    }

    private static double alphaOf(ForecastModel model) {
        String label = model.label();
        return Double.parseDouble(label.substring(label.indexOf("alpha=") + 6, label.indexOf(')')));
    }

    @Test
    void holtFollowsATrend() {
        ForecastModel holt = new DampedHolt(0.3, 0.1, 0.98);
        for (int t = 0; t < 100; t++) {
            holt.update(10 + 0.5 * t);
        }
        // next value is 60; damping costs a little at longer horizons
        assertEquals(60, holt.forecast(1), 0.5);
        assertEquals(10 + 0.5 * 106, holt.forecast(7), 2.0);
    }

    @Test
    void holtWintersLearnsWeeklySeason() {
        double[] week = {2, 4, 6, 8, 10, 3, 1};
        ForecastModel hw = new HoltWinters(0.2, 0.05, 0.3, 0.98, 7);
        for (int t = 0; t < 70; t++) {
            hw.update(week[t % 7]);
        }
        for (int h = 1; h <= 14; h++) {
            assertEquals(week[(70 + h - 1) % 7], hw.forecast(h), 0.05, "step " + h);
        }
    }

    @Test
    void crostonTypeModelsEstimateTheDemandRate() {
        // 6 units every third bucket: rate 2 per bucket
        for (ForecastModel model : List.of(new Croston(0.1, false), new Tsb(0.1, 0.05))) {
            for (int t = 0; t < 300; t++) {
                model.update(t % 3 == 2 ? 6 : 0);
            }
            assertEquals(2.0, model.forecast(1), 0.15, model.label());
        }
        ForecastModel sba = new Croston(0.1, true);
        for (int t = 0; t < 300; t++) {
            sba.update(t % 3 == 2 ? 6 : 0);
        }
        assertEquals(2.0 * 0.95, sba.forecast(1), 1e-9);
    }

    @Test
    void tsbDecaysWhenDemandStops() {
        ForecastModel tsb = new Tsb(0.1, 0.1);
        ForecastModel croston = new Croston(0.1, false);
        for (int t = 0; t < 50; t++) {
            double y = t % 2 == 0 ? 4 : 0;
            tsb.update(y);
            croston.update(y);
        }
        double before = tsb.forecast(1);
        for (int t = 0; t < 30; t++) {
            tsb.update(0);
            croston.update(0);
        }
        assertTrue(tsb.forecast(1) < before * 0.1, "TSB decays towards zero");
        assertEquals(2.0, croston.forecast(1), 0.3); // Croston does not move without demand
    }

    @Test
    void modelsSurviveSerialization() throws Exception {
        List<ForecastModel> models = ModelBank.candidates(7);
        List<ForecastModel> copies = ModelBank.candidates(7);
        for (int i = 0; i < models.size(); i++) {
            ForecastModel m = models.get(i);
            for (int t = 0; t < 20; t++) {
                m.update((t * 7) % 5);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.write(new DataOutputStream(bytes));
            copies.get(i).read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int h = 1; h <= 10; h++) {
                assertEquals(m.forecast(h), copies.get(i).forecast(h), 0.0, m.label());
            }
        }
    }
}
