package dev.hawkeye.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The console's files, served from this plugin's jar: its page, script and style, and uPlot from
 * its webjar. They hold no data (the script reads the API), so they need no token.
 */
final class ConsoleFiles {
    static final String PREFIX = "/console/";
    private static final String OWN = "dev/hawkeye/http/console/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final ClassLoader loader = ConsoleFiles.class.getClassLoader();
    /** Public name to resource, the only files served. */
    private final Map<String, String> files;

    ConsoleFiles() {
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        files = Map.of(
                "/", OWN + "index.html",
                PREFIX + "console.js", OWN + "console.js",
                PREFIX + "console.css", OWN + "console.css",
                PREFIX + "uPlot.iife.min.js", uplot + "uPlot.iife.min.js",
                PREFIX + "uPlot.min.css", uplot + "uPlot.min.css");
    }

    boolean serves(String path) {
        return files.containsKey(path);
    }

    Response file(Request request) {
        String resource = files.get(request.path());
        if (resource == null) {
            throw new HttpError(404, "no console file " + request.path());
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + resource + " is missing from the http plugin's jar");
            }
            String extension = resource.substring(resource.lastIndexOf('.') + 1);
            return new Response(200, TYPES.get(extension), in.readAllBytes(), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String uplotVersion() {
        try (InputStream in = loader.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("uPlot's webjar is missing from the http plugin (" + UPLOT_POM + ")");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
