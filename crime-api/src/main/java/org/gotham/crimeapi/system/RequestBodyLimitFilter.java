package org.gotham.crimeapi.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code gotham.api.max-body-size} with 413 and a problem body: at once
 * when {@code Content-Length} says so, or while reading a chunked body (then
 * {@link BodyTooLargeException} surfaces through the JSON reader and the exception handler answers).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    private final ProblemWriter problems;

    RequestBodyLimitFilter(GothamProperties gotham, ProblemWriter problems) {
        this.maxBytes = gotham.api().maxBodySize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > this.maxBytes) {
            this.problems.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        chain.doFilter(new LimitedRequest(request, this.maxBytes, tooLarge()), response);
    }

    private String tooLarge() {
        return "The request body is larger than " + this.maxBytes + " bytes.";
    }

    /** Thrown while reading a body that turns out to exceed the limit. */
    static final class BodyTooLargeException extends IOException {

        BodyTooLargeException(String message) {
            super(message);
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;

        private final String message;

        private @Nullable ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes, String message) {
            super(request);
            this.maxBytes = maxBytes;
            this.message = message;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (this.stream == null) {
                this.stream = new LimitedStream(super.getInputStream(), this.maxBytes, this.message);
            }
            return this.stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;

        private final long maxBytes;

        private final String message;

        private long read;

        LimitedStream(ServletInputStream in, long maxBytes, String message) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.message = message;
        }

        @Override
        public int read() throws IOException {
            int b = this.in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = this.in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            this.read += n;
            if (this.read > this.maxBytes) {
                throw new BodyTooLargeException(this.message);
            }
        }

        @Override
        public boolean isFinished() {
            return this.in.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.in.setReadListener(listener);
        }
    }
}
