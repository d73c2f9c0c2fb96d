package org.gotham.keycloak.legacy.registration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsernameLocksTest {

    @Test
    void aNameIsHeldByOneRegistrationUntilItIsClosed() throws InterruptedException {
        UsernameLocks locks = new UsernameLocks(64);

        UsernameLocks.Held first = locks.tryLock("realm\0joker", 1_000);

        assertThat(first).isNotNull();
        assertThat(locks.tryLock("realm\0joker", 50))
                .as("the same name, while held")
                .isNull();
        first.close();
        UsernameLocks.Held second = locks.tryLock("realm\0joker", 50);
        assertThat(second).as("the same name, once closed").isNotNull();
        second.close();
    }

    @Test
    void closingTwiceGivesTheLockBackOnce() throws InterruptedException {
        UsernameLocks locks = new UsernameLocks(1);

        UsernameLocks.Held held = locks.tryLock("a", 1_000);
        held.close();
        held.close();
        UsernameLocks.Held again = locks.tryLock("b", 50);

        assertThat(again).isNotNull();
        assertThat(locks.tryLock("c", 50))
                .as("one stripe, held again: a second close did not add a permit")
                .isNull();
    }

    @Test
    void namesInDifferentStripesDoNotWaitForEachOther() throws InterruptedException {
        UsernameLocks locks = new UsernameLocks(2);
        // "a" and "b" differ by one in hashCode, so they fall into the two different stripes.
        UsernameLocks.Held a = locks.tryLock("a", 1_000);

        assertThat(locks.tryLock("b", 50)).isNotNull();
        a.close();
    }
}
