package baton.engine.trust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a {@code run} command names relative to its working folder: the scripts it runs
 * ({@code ./phases/step.sh}, {@code python3 tools/parse.py}, {@code bash x.sh}), and any other
 * existing file named by a plain word. The command is split into words the way sh quotes them
 * ('…', "…", backslash, operators {@code ; & | ( ) < >}), with no expansion at all, so the
 * answer is a static reading of the text and has limits, by design:
 * <ul>
 *   <li>a word with a variable, a command substitution, a glob or a leading {@code ~} is not
 *       known before the job runs and is left out;</li>
 *   <li>absolute paths and programs found on PATH are the system's, not the folder's, and are
 *       left out; so are redirection targets ({@code > out.txt}), which are usually outputs;</li>
 *   <li>a {@code cd} inside the command, an option's glued value ({@code --file=x.sh}) and
 *       files a script reaches by itself (sourced files, spawned phases) are not followed.</li>
 * </ul>
 */
final class CommandFiles {
    private CommandFiles() {}

    /** A word of the command; {@code plain} when it has no expansion, {@code redirected} when it follows {@code <} or {@code >}. */
    record Word(String text, boolean plain, boolean redirected) {}

    /** Existing regular files named by the plain words of {@code command}, resolved against {@code cwd}, in order. */
    static List<Path> named(String command, Path cwd) {
        Set<Path> files = new LinkedHashSet<>();
        for (Word w : words(command)) {
            if (!w.plain() || w.redirected() || w.text().isEmpty() || w.text().startsWith("/")) continue;
            Path p = cwd.resolve(w.text()).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) files.add(p);
        }
        return List.copyOf(files);
    }

    static List<Word> words(String command) {
        List<Word> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean inWord = false;
        boolean plain = true;
        boolean redirectNext = false;
        int n = command.length();
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            switch (c) {
                case ' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>' -> {
                    boolean redirect = c == '<' || c == '>';
                    // "2>file": the digits glued to a redirection are a descriptor, not a word
                    boolean descriptor = redirect && inWord && plain && !text.isEmpty() && text.chars().allMatch(Character::isDigit);
                    if (inWord && !descriptor) out.add(new Word(text.toString(), plain, redirectNext));
                    if (inWord) redirectNext = false;
                    text.setLength(0);
                    inWord = false;
                    plain = true;
                    boolean duplicates = c == '&' && i > 0 && (command.charAt(i - 1) == '>' || command.charAt(i - 1) == '<'); // ">&2"
                    if (redirect) redirectNext = true;
                    else if (c != ' ' && c != '\t' && !duplicates) redirectNext = false;
                }
                case '\'' -> {
                    inWord = true;
                    int end = command.indexOf('\'', i + 1);
                    if (end < 0) end = n;
                    text.append(command, i + 1, end);
                    i = end;
                }
                case '"' -> {
                    inWord = true;
                    for (i++; i < n && command.charAt(i) != '"'; i++) {
                        char d = command.charAt(i);
                        if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(command.charAt(i + 1)) >= 0) d = command.charAt(++i);
                        else if (d == '$' || d == '`') plain = false;
                        text.append(d);
                    }
                }
                case '\\' -> {
                    inWord = true;
                    if (i + 1 < n) text.append(command.charAt(++i));
                }
                case '#' -> {
                    if (inWord) {
                        text.append(c);
                    } else { // a comment, to the end of the line
                        int end = command.indexOf('\n', i);
                        i = end < 0 ? n : end - 1;
                    }
                }
                default -> {
                    if (c == '$' || c == '`' || c == '*' || c == '?' || c == '[' || (c == '~' && !inWord)) plain = false;
                    inWord = true;
                    text.append(c);
                }
            }
        }
        if (inWord) out.add(new Word(text.toString(), plain, redirectNext));
        return out;
    }
}
