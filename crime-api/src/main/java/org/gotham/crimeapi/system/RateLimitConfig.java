package org.gotham.crimeapi.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The old routes' rate limits, first of all filters (before the body limit and the security chain),
 * so a flood costs as little as possible. A configuration of its own: web slice tests, which post to
 * the routes many times from one address, leave it out.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfig {

    @Bean
    FilterRegistrationBean<LegacyRouteRateLimitFilter> legacyRouteRateLimitFilter(
            RateLimitProperties properties, ProblemWriter problems) {
        FilterRegistrationBean<LegacyRouteRateLimitFilter> registration =
                new FilterRegistrationBean<>(new LegacyRouteRateLimitFilter(properties, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(properties.enabled());
        return registration;
    }
}
