package baton.format;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} references in the few places a pipeline file allows text substitution (an
 * http phase's {@code url} and {@code body}; never {@code run}, see SPEC 2). {@code $${} writes a
 * literal {@code ${}; a {@code $} not followed by {@code {} is just a character.
 */
public final class Placeholders {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Placeholders() {}

    /** One {@code ${NAME}}; {@code offset} is where its {@code $} is in the text. */
    public record Reference(String name, int offset) {}

    /** Something that looks like a reference but is not one; {@code offset} as in {@link Reference}. */
    public record Malformed(int offset, String message) {}

    /** Names that could not be resolved, in the order they appear. */
    public static final class Unresolved extends Exception {
        private final List<String> names;

        Unresolved(Set<String> names) {
            super(String.join(", ", names));
            this.names = List.copyOf(names);
        }

        public List<String> names() {
            return names;
        }
    }

    /** The references in {@code text}; what is not well formed goes to {@code malformed}. */
    public static List<Reference> references(String text, List<Malformed> malformed) {
        List<Reference> out = new ArrayList<>();
        scan(text, (name, offset) -> {
            out.add(new Reference(name, offset));
            return "";
        }, malformed);
        return out;
    }

    /**
     * The text with every reference replaced by {@code escape(lookup(name))}.
     *
     * @throws Unresolved naming every reference {@code lookup} gave null for
     */
    public static String resolve(String text, Function<String, String> lookup, UnaryOperator<String> escape) throws Unresolved {
        Set<String> missing = new LinkedHashSet<>();
        String out = scan(text, (name, offset) -> {
            String v = lookup.apply(name);
            if (v == null) {
                missing.add(name);
                return "";
            }
            return escape.apply(v);
        }, new ArrayList<>());
        if (!missing.isEmpty()) throw new Unresolved(missing);
        return out;
    }

    private interface Replacer {
        String replace(String name, int offset);
    }

    private static String scan(String text, Replacer replacer, List<Malformed> malformed) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    malformed.add(new Malformed(i, "'${' is not closed: write ${NAME} (or $${ for a literal '${')"));
                    out.append(text, i, text.length());
                    break;
                }
                String name = text.substring(i + 2, close);
                if (!NAME.matcher(name).matches()) {
                    malformed.add(new Malformed(i, "'${" + name + "}' is not a reference: a name is letters, digits and _,"
                            + " not starting with a digit"));
                    out.append(text, i, close + 1);
                } else {
                    out.append(replacer.replace(name, i));
                }
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
