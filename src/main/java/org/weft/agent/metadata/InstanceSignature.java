package org.weft.agent.metadata;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Instance-ID-Signature} header: the hex HMAC-SHA256 of the instance id keyed with
 * {@code metadata_proxy_shared_secret}, by which Nova knows the instance id comes from a proxy that
 * holds the secret.
 */
public final class InstanceSignature {
    private static final String ALGORITHM = "HmacSHA256";

    private InstanceSignature() {}

    /** The signature of {@code instanceId} under {@code sharedSecret}, as lower-case hex. */
    public static String sign(String sharedSecret, String instanceId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            // An empty secret is what Nova uses when none is configured; the JDK refuses an
            // empty key, so an empty one is fed as the single block HMAC pads it to anyway.
            byte[] key = sharedSecret.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, ALGORITHM));
            return HexFormat.of()
                    .formatHex(mac.doFinal(instanceId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e, e);
        }
    }

    /** Whether {@code signature} is that of {@code instanceId}, compared in constant time. */
    public static boolean verify(String sharedSecret, String instanceId, String signature) {
        byte[] expected = sign(sharedSecret, instanceId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
