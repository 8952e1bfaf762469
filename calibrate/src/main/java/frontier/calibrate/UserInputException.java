package frontier.calibrate;

/**
 * A problem with what the user gave (a file, a flag, a value), described in one line that names
 * the file or field and says how to fix it. The command line prints the message and exits with 2.
 */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
