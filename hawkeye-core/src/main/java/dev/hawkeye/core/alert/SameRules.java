package dev.hawkeye.core.alert;

import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import java.util.List;

/**
 * Whether two loads of a monitor mean the same: every setting, trigger and route equal, with route
 * settings compared by value (a {@link dev.hawkeye.api.config.PluginConfig} of a new load is a new
 * object, and where its keys are written does not change what the monitor does).
 */
final class SameRules {
    private SameRules() {
    }

    static boolean test(MonitorSpec a, MonitorSpec b) {
        return a.name().equals(b.name()) && a.queries().equals(b.queries()) && a.value().equals(b.value())
                && a.groupBy().equals(b.groupBy()) && a.maxGroups() == b.maxGroups() && a.forgetAfter().equals(b.forgetAfter())
                && a.window().equals(b.window()) && a.evaluateEvery().equals(b.evaluateEvery()) && a.holdFor().equals(b.holdFor())
                && a.repeatEvery().equals(b.repeatEvery()) && a.noData() == b.noData() && sameTriggers(a.triggers(), b.triggers());
    }

    private static boolean sameTriggers(List<TriggerSpec> a, List<TriggerSpec> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            TriggerSpec x = a.get(i);
            TriggerSpec y = b.get(i);
            if (!x.level().equals(y.level()) || !x.condition().equals(y.condition()) || !sameRoutes(x.routes(), y.routes())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRoutes(List<NotifyRoute> a, List<NotifyRoute> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).via().equals(b.get(i).via()) || !a.get(i).settings().asMap().equals(b.get(i).settings().asMap())) {
                return false;
            }
        }
        return true;
    }
}
