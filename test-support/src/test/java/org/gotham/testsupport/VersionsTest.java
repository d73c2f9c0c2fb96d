package org.gotham.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void keycloakVersionIsTheRootPomsKeycloakVersion() throws Exception {
        String pom = Files.readString(Path.of(System.getProperty("project.root"), "pom.xml"));
        Matcher version = Pattern.compile("<keycloak\\.version>([^<]+)</keycloak\\.version>")
                .matcher(pom);

        assertThat(version.find()).isTrue();
        assertThat(Versions.keycloak()).isEqualTo(version.group(1));
    }
}
