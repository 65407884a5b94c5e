package org.weft.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 connection to a loopback server, kept alive from request to request, blocking, used
 * by one thread at a time.
 *
 * <p>It exists beside {@code java.net.http.HttpClient} for two reasons: the compatibility tests
 * need the status line and headers exactly as the server sent them (the JDK client hides the reason
 * phrase and refuses some request headers), and a load generator must cost the machine as little as
 * possible: a request here is one write of prepared bytes and one buffered read.
 *
 * <p>Bodies are delimited by {@code Content-Length}, by chunked transfer coding, or by the end of
 * the connection; a server that answers {@code Connection: close} gets a fresh connection for the
 * next request.
 */
public final class HttpConnection implements Closeable {
    private final InetSocketAddress address;
    private final String hostHeader;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** A connection to {@code base}'s host and port; refuses anything but a loopback address. */
    public HttpConnection(URI base, int timeoutMillis) {
        InetAddress host = loopback(base);
        int port = base.getPort() == -1 ? 80 : base.getPort();
        this.address = new InetSocketAddress(host, port);
        this.hostHeader = base.getHost() + ":" + port;
        this.timeoutMillis = timeoutMillis;
    }

    public HttpConnection(URI base) {
        this(base, 60_000);
    }

    private static InetAddress loopback(URI base) {
        try {
            InetAddress host = InetAddress.getByName(base.getHost());
            if (!host.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing non-loopback target " + base);
            }
            return host;
        } catch (IOException e) {
            throw new IllegalArgumentException("unknown host in " + base, e);
        }
    }

    /** A request without a body. */
    public HttpResponse send(String method, String target, Map<String, String> headers)
            throws IOException {
        return send(method, target, headers, null);
    }

    /**
     * Sends one request and reads its whole response. {@code body} null sends no body and no {@code
     * Content-Length}; an empty array sends {@code Content-Length: 0}.
     */
    public HttpResponse send(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        return send(encode(method, target, headers, body), "HEAD".equals(method));
    }

    /** Request bytes for {@link #send(byte[], boolean)}: a loop can prepare them once. */
    public byte[] encode(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            return headBytes;
        }
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /**
     * Sends prepared request bytes. A kept-alive connection the server has closed meanwhile is
     * noticed before any byte of an answer arrives; the request is then sent once more on a new
     * connection, which is safe because the server never saw it.
     */
    public HttpResponse send(byte[] request, boolean headRequest) throws IOException {
        boolean reused = socket != null;
        try {
            return exchange(request, headRequest);
        } catch (ConnectionClosedBeforeAnswer e) {
            close();
            if (!reused) {
                throw e;
            }
            return exchange(request, headRequest);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private HttpResponse exchange(byte[] request, boolean headRequest) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            throw new ConnectionClosedBeforeAnswer();
        }
        String statusLine = readLine(true);
        HttpResponse response = readRest(statusLine, headRequest);
        if (response.header("Connection").map("close"::equalsIgnoreCase).orElse(false)) {
            close();
        }
        return response;
    }

    private void connect() throws IOException {
        Socket fresh = new Socket();
        fresh.setTcpNoDelay(true);
        fresh.connect(address, timeoutMillis);
        fresh.setSoTimeout(timeoutMillis);
        socket = fresh;
        in = new BufferedInputStream(fresh.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(fresh.getOutputStream(), 16 * 1024);
    }

    private HttpResponse readRest(String statusLine, boolean headRequest) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length == 3 ? parts[2] : "";
        List<Map.Entry<String, String>> headers = readHeaders();
        HttpResponse head = new HttpResponse(parts[0], status, reason, headers, new byte[0]);
        byte[] body = hasBody(status, headRequest) ? readBody(head) : new byte[0];
        return new HttpResponse(parts[0], status, reason, headers, body);
    }

    private List<Map.Entry<String, String>> readHeaders() throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return headers;
    }

    private static boolean hasBody(int status, boolean headRequest) {
        return !headRequest && status >= 200 && status != 204 && status != 304;
    }

    private byte[] readBody(HttpResponse head) throws IOException {
        if (head.header("Transfer-Encoding").map(v -> v.contains("chunked")).orElse(false)) {
            return readChunked();
        }
        var length = head.header("Content-Length");
        if (length.isPresent()) {
            int n = Integer.parseInt(length.get());
            byte[] body = in.readNBytes(n);
            if (body.length != n) {
                throw new EOFException("body ended after " + body.length + " of " + n + " bytes");
            }
            return body;
        }
        byte[] rest = in.readAllBytes();
        close();
        return rest;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            String hex = semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon);
            int size = Integer.parseInt(hex.strip(), 16);
            if (size == 0) {
                readHeaders(); // trailers, if any, end with an empty line
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk ended after " + chunk.length + " of " + size);
            }
            body.write(chunk);
            readLine(false);
        }
    }

    /** One line without its CRLF; at the start of an answer an immediate end of stream is told. */
    private String readLine(boolean startOfAnswer) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) c);
        }
        if (startOfAnswer && line.isEmpty()) {
            throw new ConnectionClosedBeforeAnswer();
        }
        throw new EOFException("connection closed in the middle of a line: " + line);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the connection is being discarded; nothing is left to flush
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    /** The server closed a kept-alive connection before answering: the request never arrived. */
    private static final class ConnectionClosedBeforeAnswer extends EOFException {
        ConnectionClosedBeforeAnswer() {
            super("connection closed before any byte of an answer");
        }
    }
}
