package org.gotham.crimeapi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The loop accepts exactly the header values Spring's default firewall rule accepts. */
class HeaderValuesTest {

    private final HeaderValues loop = new HeaderValues();

    @Test
    void everyCodePointAloneAndBetweenLettersIsJudgedAsSpringJudgesIt() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = Character.toString(codePoint);
            assertSame(alone);
            if (codePoint < 0x3000) {
                assertSame("a" + alone + "b");
            }
        }
    }

    @Test
    void loneSurrogatesAndGeneratedMixturesAreJudgedAsSpringJudgesThem() {
        assertSame("a\ud800b");
        assertSame("a\udc00");
        assertSame("\ud83d\ude00 ok");
        assertSame("");
        Random random = new Random(20261127);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(8);
            for (int j = 0; j < length; j++) {
                value.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
            }
            assertSame(value.toString());
        }
    }

    private void assertSame(String value) {
        assertThat(this.loop.test(value))
                .as(
                        "value %s",
                        value.codePoints().mapToObj(Integer::toHexString).toList())
                .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
    }
}
