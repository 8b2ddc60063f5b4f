package dev.hawkeye.api.transport;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import java.time.Duration;
import java.util.OptionalDouble;

/** What a transport may ask core besides recording: window reads and the monitors' states. Thread-safe. */
public interface QueryService {

    /**
     * One aggregate of a series over the window that ends now.
     *
     * @return empty when the window holds no point and the aggregate has no value for nothing
     * @throws dev.hawkeye.api.store.StoreException when the store cannot answer
     */
    OptionalDouble query(Series series, Aggregate aggregate, Duration window);

    /** The monitors' states and the drop counters. */
    StatusReport status();
}
