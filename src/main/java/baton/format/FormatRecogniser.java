package baton.format;

import baton.format.SourceNode.MapNode;
import org.commonmark.node.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells which of the three formats (SPEC 1) a text is, by its structure rather than its first
 * line: YAML or JSON that reads as a mapping with 'pipeline:' or 'phases:' is a pipeline even
 * when it opens with a '#' comment; Markdown is a cascade or a roadmap by its headings, task
 * items and tables. When nothing fits, the refusal says what was found and what each format needs.
 */
final class FormatRecogniser {
    private FormatRecogniser() {}

    /** What a text was recognised as, carrying what was parsed on the way so nothing is parsed twice. */
    sealed interface Recognised {
        PipelineFormat format();

        /** YAML or JSON read into a tree; {@code problems} are those found while reading it (duplicate keys). */
        record Tree(PipelineFormat format, SourceNode root, List<Problem> problems) implements Recognised {}

        /** YAML or JSON that does not read. */
        record Broken(PipelineFormat format, LoadException error) implements Recognised {}

        record Markdown(PipelineFormat format, Node doc) implements Recognised {}

        record Refused(Problem why) implements Recognised {
            @Override
            public PipelineFormat format() {
                return null;
            }
        }
    }

    static Recognised recognise(String shownName, String text) {
        boolean json = startsLikeJson(text);
        PipelineFormat treeFormat = json ? PipelineFormat.JSON : PipelineFormat.YAML;
        List<Problem> treeProblems = new ArrayList<>();
        SourceNode root = null;
        LoadException syntax = null;
        try {
            root = new SourceTreeReader(shownName, treeProblems).read(text, json);
        } catch (LoadException e) {
            syntax = e;
        }
        if (root instanceof MapNode m && (m.entries().containsKey("pipeline") || m.entries().containsKey("phases"))) {
            return new Recognised.Tree(treeFormat, root, treeProblems);
        }
        Node doc = MarkdownBlocks.parse(text);
        MarkdownOutline outline = MarkdownOutline.of(doc);
        if (outline.named() != null) return new Recognised.Markdown(outline.named(), doc);
        boolean cascade = outline.looksLikeCascade(), roadmap = outline.looksLikeRoadmap();
        if (cascade && roadmap) {
            // both shapes: the one with more tasks; a tie is refused below with the way to say which
            int cascadeTasks = Math.max(outline.cascadeTasks(), 1);
            if (cascadeTasks != outline.taskItems()) {
                return new Recognised.Markdown(cascadeTasks > outline.taskItems() ? PipelineFormat.CASCADE : PipelineFormat.ROADMAP, doc);
            }
            return new Recognised.Refused(new Problem(shownName, 1, 1, "a Markdown file that reads both as a cascade ('### ID: title'"
                    + " tasks with 'Depends on:') and as a roadmap (groups of '- ID: title' items): start it with '# Cascade: NAME'"
                    + " or '# Roadmap: NAME' to say which"));
        }
        if (cascade) return new Recognised.Markdown(PipelineFormat.CASCADE, doc);
        if (roadmap) return new Recognised.Markdown(PipelineFormat.ROADMAP, doc);
        // YAML that does not parse but has a pipeline's top-level keys gets its syntax error, even
        // when its '#' comments read as Markdown headings
        if (root instanceof MapNode || !outline.hasStructure() || syntax != null && outline.pipelineKeys() > 0) {
            return root != null ? new Recognised.Tree(treeFormat, root, treeProblems) : new Recognised.Broken(treeFormat, syntax);
        }
        return new Recognised.Refused(new Problem(shownName, 1, 1, outline.describe()
                + ": not a cascade (needs '### ID: title' tasks with 'Depends on:' lines, or a table with ID and Task columns)"
                + " nor a roadmap (needs '### Group X: …' headings with '- ID: title' items); to run it as one anyway, give it the title"
                + " '# Cascade: NAME' or '# Roadmap: NAME'"));
    }

    private static boolean startsLikeJson(String text) {
        String t = text.stripLeading();
        return t.startsWith("{") || t.startsWith("[");
    }
}
