package pk.gov.punjab.rabta.cli;

import java.util.ArrayList;
import java.util.List;

/** Splits an SQL script into statements on ';', leaving quoted text and comments intact, and notes each statement's line. */
final class SqlScript {
    private static final int SUMMARY_LENGTH = 60;

    private SqlScript() {
    }

    /** One statement of a script and the line it starts on. */
    record Statement(int line, String sql) {
        /** The statement's start on one line, for messages. */
        String summary() {
            String oneLine = sql.replaceAll("\\s+", " ");
            return oneLine.length() <= SUMMARY_LENGTH ? oneLine : oneLine.substring(0, SUMMARY_LENGTH) + "...";
        }
    }

    static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = 0;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : 0;
            if (quote == 0 && c == '-' && next == '-') {
                while (i + 1 < script.length() && script.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            if (quote == 0 && c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? script.length() : end + 2;
                line += (int) script.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end - 1;
                continue;
            }
            if (quote == 0 && c == ';') {
                add(statements, startLine, current);
                startLine = 0;
                continue;
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            if (c == '\n') {
                line++;
            }
            if (startLine == 0 && !Character.isWhitespace(c)) {
                startLine = line;
            }
            current.append(c);
        }
        add(statements, startLine, current);
        return statements;
    }

    private static void add(List<Statement> statements, int line, StringBuilder text) {
        String sql = text.toString().strip();
        if (!sql.isEmpty()) {
            statements.add(new Statement(line, sql));
        }
        text.setLength(0);
    }
}
