package org.gotham.crimeapi.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code gotham.*} (here rather than by scanning, so web slice tests get it too). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GothamProperties.class)
class PropertiesConfig {}
