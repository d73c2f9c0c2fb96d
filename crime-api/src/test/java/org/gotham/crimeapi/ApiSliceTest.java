package org.gotham.crimeapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.gotham.crimeapi.crime.CrimeRepository;
import org.gotham.crimeapi.user.KeycloakAccounts;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The one web slice every HTTP-rule test shares (so Spring builds it once): all controllers, the real
 * security configuration, error handling and body limit, and a mocked {@link CrimeRepository} and
 * {@link KeycloakAccounts}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            "org\\.gotham\\.crimeapi\\.system\\.(SecurityConfig|JwtDecoderConfig|OpenApiConfig|PropertiesConfig"
                                    + "|JacksonConfig|ProblemWriter|ProblemSecurityHandlers)",
                            "org\\.gotham\\.crimeapi\\.crime\\.CrimeService"
                        }))
@MockitoBean(types = {CrimeRepository.class, KeycloakAccounts.class})
public @interface ApiSliceTest {}
