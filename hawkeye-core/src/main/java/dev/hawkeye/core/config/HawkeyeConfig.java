package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated configuration in the normalised model (version 1 files are translated into
 * it). Immutable.
 *
 * @param source    the file it came from, for messages
 * @param store     the {@code store:} section (type {@code memory} by default)
 * @param transports the {@code transport:} sections, one per type (one of type {@code unix} by default)
 * @param http      the {@code http:} section (type {@code http}), which every daemon serves; null
 *                  when it is turned off ({@code http: off})
 * @param notifiers the named {@code notifiers:} sections, each with its {@code type}
 * @param ingest    aggregator limits
 * @param monitors  the monitors, in file order
 * @param warnings  things worth telling the user once at start (e.g. no SMTP settings: no mail)
 */
public record HawkeyeConfig(String source, PluginConfig store, List<PluginConfig> transports, PluginConfig http,
                            Map<String, PluginConfig> notifiers,
                            IngestSettings ingest, List<MonitorSpec> monitors, List<String> warnings) {
    public HawkeyeConfig {
        transports = List.copyOf(transports);
        notifiers = Map.copyOf(notifiers);
        monitors = List.copyOf(monitors);
        warnings = List.copyOf(warnings);
    }

    /** This config with other transports. */
    public HawkeyeConfig withTransports(List<PluginConfig> replacement) {
        return new HawkeyeConfig(source, store, replacement, http, notifiers, ingest, monitors, warnings);
    }

    /** This config with another {@code http:} section (null: no HTTP server). */
    public HawkeyeConfig withHttp(PluginConfig replacement) {
        return new HawkeyeConfig(source, store, transports, replacement, notifiers, ingest, monitors, warnings);
    }
}
