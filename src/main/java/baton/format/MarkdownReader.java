package baton.format;

import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RetryPolicy;
import baton.model.SourcePos;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the readers of Markdown task graphs share: the file they report problems in, its
 * {@code Key: value} fields, the settings under its title, and the walk over the document that
 * names the project after the H1 title and hands every other block to the reader. One reader
 * reads one document.
 */
abstract sealed class MarkdownReader permits CascadeReader, RoadmapReader {
    final String file;
    final MarkdownFields fields;
    /** The settings written under the title, which every heading's settings fall back to. */
    final MarkdownScope top = new MarkdownScope(null);
    /** The word a title may start with ("Cascade: Compiler", "Roadmap - Launch"), not part of the project's name. */
    private final Pattern titleWord;

    MarkdownReader(String file, List<Problem> problems, String titleWord) {
        this.file = file;
        this.fields = new MarkdownFields(file, problems);
        this.titleWord = Pattern.compile("(?i)^" + titleWord + "\\s*[:\\-–]?\\s*");
    }

    /** The pipeline the document stands for; problems are collected, not thrown. */
    final PipelineDef read(Node doc, String baseDir) {
        String title = null;
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h && h.getLevel() == 1) {
                if (title == null) title = titleWord.matcher(MarkdownBlocks.inline(h).strip()).replaceFirst("").strip();
            } else if (n instanceof Heading h) {
                heading(h.getLevel(), MarkdownBlocks.inline(h).strip(), MarkdownBlocks.pos(h));
            } else {
                block(n);
            }
        }
        String project = title == null || title.isEmpty() ? MarkdownBlocks.baseName(file).replaceFirst("\\.[^.]*$", "") : title;
        return new PipelineDef(MarkdownBlocks.slug(project), project, top.concurrency, Map.of(), List.of(), Map.of(), top.timeout,
                retryPolicy(top.retries), PipelineDef.DEFAULT_MAX_SPAWN, phases(project), baseDir);
    }

    /** A heading below the title (level 2 or deeper), its text stripped. */
    abstract void heading(int level, String text, SourcePos pos);

    /** A block of the document other than a heading, in document order. */
    abstract void block(Node n);

    /** The phases of what {@link #block} read, for the project so named. */
    abstract List<PhaseDef> phases(String project);

    /** Markdown says only how many times to try again: no delay, no backoff. */
    static RetryPolicy retryPolicy(Integer retries) {
        return retries == null ? RetryPolicy.NONE : RetryPolicy.times(retries);
    }

    final void problem(SourcePos pos, String message) {
        fields.problem(pos, message);
    }
}
