package org.weft.agent.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceSignatureTest {
    // Computed with Python's hmac.new(secret, instance_id, hashlib.sha256).hexdigest(), as Nova
    // does.
    private static final String GUIDE_SIGNATURE =
            "1f8a1002af20e6d874f1e4def074d2c371e4bfae3a8d082c3ed01b5b9aca039d";
    private static final String EMPTY_SECRET_SIGNATURE =
            "11e3461841ce77db85ea9d91d6852c9d8dee46ab91eafd5874493fb0cbf387ba";

    @Test
    void signatureIsNovasHexHmacSha256OfTheInstanceId() {
        assertThat(InstanceSignature.sign("helloOpenStack", "a1a1a1a1-0000-4000-8000-000000000001"))
                .isEqualTo(GUIDE_SIGNATURE);
    }

    @Test
    void anEmptySecretSignsAsNovaWithoutASecretDoes() {
        assertThat(InstanceSignature.sign("", "i-1")).isEqualTo(EMPTY_SECRET_SIGNATURE);
    }

    @Test
    void verifyRefusesAnotherInstancesSignature() {
        String signature = InstanceSignature.sign("helloOpenStack", "instance-a");

        assertThat(InstanceSignature.verify("helloOpenStack", "instance-a", signature)).isTrue();
        assertThat(InstanceSignature.verify("helloOpenStack", "instance-b", signature)).isFalse();
        assertThat(InstanceSignature.verify("other", "instance-a", signature)).isFalse();
    }
}
