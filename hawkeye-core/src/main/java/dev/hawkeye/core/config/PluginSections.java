package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;
import java.util.Map;

/**
 * The one place that turns configuration into {@link PluginConfig} sections: from a mapping of the
 * file, or synthesised by a translator (a version 1 file's store and notifiers). Every section it
 * makes locates its key paths through the load's {@link LocationIndex}.
 */
final class PluginSections {
    private final LocationIndex index;

    PluginSections(LocationIndex index) {
        this.index = index;
    }

    /** The section written at {@code node}. */
    PluginConfig of(ConfigNode.Mapping node) {
        return PluginConfig.of(node.path(), node.toPlain(), index);
    }

    /**
     * A section that is not written as such in the file, at {@code path}; its keys are located
     * through whatever the caller recorded with {@link #locate}, else at their nearest ancestor.
     */
    PluginConfig synthesised(String path, Map<String, ?> values) {
        return PluginConfig.of(path, values, index);
    }

    /** Records where the value of a synthesised key comes from. */
    void locate(String keyPath, Location location) {
        index.put(keyPath, location);
    }
}
