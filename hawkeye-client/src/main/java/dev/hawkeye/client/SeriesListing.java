package dev.hawkeye.client;

import dev.hawkeye.api.metric.SeriesInfo;
import java.util.List;

/**
 * The server's answer to a listing of series, sorted by key and then tags. Immutable.
 *
 * @param series    each series with its type and last point (a last value the server could not
 *                  give as a number is NaN)
 * @param truncated whether the listing reached the server's limit
 *                  ({@link dev.hawkeye.api.transport.QueryService#MAX_SERIES}), so that there may be more
 */
public record SeriesListing(List<SeriesInfo> series, boolean truncated) {
    public SeriesListing {
        series = List.copyOf(series);
    }
}
