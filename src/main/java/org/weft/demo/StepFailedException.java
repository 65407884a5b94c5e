package org.weft.demo;

/** A check of the demo that did not hold; the message says what was seen instead. */
final class StepFailedException extends RuntimeException {
    StepFailedException(String message) {
        super(message);
    }
}
