package dev.hawkeye.launcher.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * {@code http} mode: {@code POST /api/v1/points} of {@code --batch-size} points a body, each thread
 * waiting for its answer before the next; latency is one request's round trip. Every answer says
 * how many points were kept, so the load is settled when the last answer is in.
 */
final class HttpLoad extends Load {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    private final List<byte[]> bodies;
    private final int[] pointsPerBody;
    private final URI points;
    private final SentTally tally;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private HttpClient client;

    HttpLoad(BenchPlan plan) {
        super(plan);
        this.points = URI.create("http://" + plan.http().getHostString() + ":" + plan.http().getPort() + "/api/v1/points");
        this.bodies = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        for (int index = 0; index < plan.series(); index++) {
            body.append(inBody == 0 ? "{\"points\":[" : ",").append("{\"key\":\"").append(plan.key(index)).append("\",\"type\":\"")
                    .append(plan.type().wireName()).append("\",\"value\":").append(1 + index % 100);
            String[] tags = plan.tags(index);
            for (int tag = 0; tag < tags.length; tag += 2) {
                body.append(tag == 0 ? ",\"tags\":{" : ",").append('"').append(tags[tag]).append("\":\"").append(tags[tag + 1]).append('"');
            }
            body.append(tags.length > 0 ? "}}" : "}");
            if (++inBody == plan.batchSize() || index == plan.series() - 1) {
                bodies.add(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
                counts.add(inBody);
                body.setLength(0);
                inBody = 0;
            }
        }
        this.pointsPerBody = counts.stream().mapToInt(Integer::intValue).toArray();
        this.tally = new SentTally(plan.threads());
    }

    @Override
    void open() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    void work(int thread, SingleWriterRecorder latency) throws IOException {
        int next = (thread * bodies.size()) / plan.threads();
        long sent = 0;
        while (running()) {
            HttpRequest request = HttpRequest.newBuilder(points).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(next))).build();
            long started = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            latency.recordValue(System.nanoTime() - started);
            Matcher kept = ACCEPTED.matcher(response.body());
            if (response.statusCode() == 200 && kept.find()) {
                long count = Long.parseLong(kept.group(1));
                accepted.addAndGet(count);
                rejected.addAndGet(pointsPerBody[next] - count);
            } else {
                errors.incrementAndGet();
                firstError.compareAndSet(null, response.statusCode() + " " + response.body());
            }
            sent += pointsPerBody[next];
            tally.set(thread, sent);
            next = next + 1 == bodies.size() ? 0 : next + 1;
        }
    }

    @Override
    long progress() {
        return tally.total();
    }

    @Override
    Outcome settle(Duration timeout) {
        long sent = progress();
        return new Outcome(sent, sent, 0, rejected.get(), errors.get(), true, firstError.get());
    }

    @Override
    String latencyMeaning() {
        return "one POST /api/v1/points of " + plan.batchSize() + " points, request to answer";
    }

    @Override
    public void close() {
        client = null;
    }
}
