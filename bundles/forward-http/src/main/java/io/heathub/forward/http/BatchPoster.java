package io.heathub.forward.http;

import io.heathub.api.Reading;
import io.heathub.wire.ReadingJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One POST of one batch and what it means for the cursor. The body is the readings as a JSON
 * array; {@code Idempotency-Key} names the batch's journal positions so that a backend that saw
 * a batch whose answer got lost can drop the repeat (readings also carry their own identity).
 */
final class BatchPoster {
    /** What the backend's answer means for the batch. */
    enum Verdict {
        /** 2xx: delivered, move the cursor. */
        DELIVERED,
        /** 5xx, 408, 429, timeout, no connection: keep the cursor, try again later. */
        RETRY,
        /** Other 4xx: the backend will never take this batch; record it and move on. */
        REJECTED
    }

    /** The verdict with the status and the start of the answer's body, for logs and the rejected file. */
    record Outcome(Verdict verdict, int status, String detail) {
    }

    private final HttpClient client;
    private final HttpUplinkSettings settings;
    private final ReadingJson json = new ReadingJson();

    BatchPoster(HttpUplinkSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    byte[] body(List<Reading> readings) {
        return json.writeArray(readings);
    }

    Outcome post(byte[] body, String idempotencyKey) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.headers().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Outcome(Verdict.RETRY, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int status = response.statusCode();
        String detail = abbreviate(response.body());
        if (status >= 200 && status < 300) {
            return new Outcome(Verdict.DELIVERED, status, detail);
        }
        if (status >= 500 || status == 408 || status == 429) {
            return new Outcome(Verdict.RETRY, status, detail);
        }
        return new Outcome(Verdict.REJECTED, status, detail);
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500) + "…";
    }
}
