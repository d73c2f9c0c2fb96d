/**
 * What the unit tests of several packages share: fakes of Keycloak's interfaces
 * ({@link org.gotham.keycloak.legacy.testsupport.Fakes}), the provider's captured log, the scratch legacy databases
 * made with the legacy DDL, the committed passlib vectors, and the rule for something a test needs but a machine lacks
 * (skip on a laptop, fail under {@code CI=true}). Test code only; nothing here ships.
 */
package org.gotham.keycloak.legacy.testsupport;
