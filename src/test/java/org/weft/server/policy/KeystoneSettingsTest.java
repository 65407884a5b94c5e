package org.weft.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;

/** Keystone settings as the guide writes them and as today's Neutron does. */
class KeystoneSettingsTest {

    @Test
    void guidesQuantumConfAndApiPasteMakeAV2EndpointAndTheServiceLogin() {
        Config guide =
                Config.load(
                        List.of(
                                Path.of("etc/guide/quantum.conf"),
                                Path.of("etc/guide/api-paste.ini")),
                        List.of());

        KeystoneSettings settings = KeystoneSettings.of(guide);

        assertThat(settings.authUrl()).hasToString("http://10.10.10.51:35357/v2.0");
        assertThat(settings.username()).isEqualTo("quantum");
        assertThat(settings.password()).isEqualTo("service_pass");
        assertThat(settings.projectName()).isEqualTo("service");
        assertThat(settings.userDomain()).isEqualTo("Default");
        assertThat(settings.toString()).doesNotContain("service_pass");
    }

    @Test
    void apiPasteFilterWinsOverQuantumConf() {
        Config config =
                Config.fromText(
                        "quantum.conf",
                        "[keystone_authtoken]\nauth_host = a.example\nadmin_user = one\n"
                                + "[filter:authtoken]\nauth_host = b.example\n");

        assertThat(KeystoneSettings.of(config).authUrl().getHost()).isEqualTo("b.example");
    }

    @Test
    void todaysSettingsNameTheV3EndpointAndDomains() {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        "[keystone_authtoken]\nwww_authenticate_uri = http://k:5000\n"
                                + "auth_url = http://k:5000/v3\nauth_type = password\n"
                                + "username = neutron\npassword = pw\nproject_name = service\n"
                                + "user_domain_name = Corp\nproject_domain_name = Corp\n"
                                + "token_cache_time = 60\n");

        KeystoneSettings settings = KeystoneSettings.of(config);

        assertThat(settings.authUrl()).hasToString("http://k:5000/v3");
        assertThat(settings.challengeUri()).isEqualTo("http://k:5000");
        assertThat(settings.userDomain()).isEqualTo("Corp");
        assertThat(settings.cacheTime()).hasSeconds(60);
    }
}
