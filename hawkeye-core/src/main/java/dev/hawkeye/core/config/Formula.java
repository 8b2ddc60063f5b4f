package dev.hawkeye.core.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A monitor's {@code value:} over its named queries: {@code errors / requests * 100}. Numbers,
 * query names, {@code + - * /}, a leading minus and parentheses, with the usual precedence. A
 * missing operand (a query without data) or a division by zero makes no value: no data. Immutable;
 * equal when written alike.
 *
 * @param text as written
 * @param root its syntax tree
 */
public record Formula(String text, Node root) {

    /** One node of the syntax tree. */
    public sealed interface Node permits Number, Reference, Negation, Operation {
    }

    /** A number as written. */
    public record Number(double value) implements Node {
    }

    /** The value of the query of that name. */
    public record Reference(String query) implements Node {
    }

    /** {@code -operand}. */
    public record Negation(Node operand) implements Node {
    }

    /** {@code left op right}, op one of {@code + - * /}. */
    public record Operation(char operator, Node left, Node right) implements Node {
    }

    /** A formula that is just the value of one query. */
    public static Formula of(String query) {
        return new Formula(query, new Reference(query));
    }

    /**
     * Parses a formula.
     *
     * @throws IllegalArgumentException saying what was expected at which character
     */
    public static Formula parse(String text) {
        return new Formula(text, new Parser(text).formula());
    }

    /** The names of the queries the formula refers to, in the order they appear. */
    public Set<String> references() {
        Set<String> names = new LinkedHashSet<>();
        collect(root, names);
        return names;
    }

    /**
     * The formula's value given each query's; empty when a query has none or a division is by
     * zero. Other values pass as they are (a sum that overflowed stays infinite, for the evaluator
     * to judge).
     */
    public OptionalDouble evaluate(Map<String, OptionalDouble> values) {
        return evaluate(root, values);
    }

    private static OptionalDouble evaluate(Node node, Map<String, OptionalDouble> values) {
        if (node instanceof Number number) {
            return OptionalDouble.of(number.value());
        }
        if (node instanceof Reference reference) {
            return values.getOrDefault(reference.query(), OptionalDouble.empty());
        }
        if (node instanceof Negation negation) {
            OptionalDouble operand = evaluate(negation.operand(), values);
            return operand.isPresent() ? OptionalDouble.of(-operand.getAsDouble()) : operand;
        }
        Operation operation = (Operation) node;
        OptionalDouble left = evaluate(operation.left(), values);
        OptionalDouble right = evaluate(operation.right(), values);
        if (left.isEmpty() || right.isEmpty()) {
            return OptionalDouble.empty();
        }
        double a = left.getAsDouble();
        double b = right.getAsDouble();
        switch (operation.operator()) {
            case '+': return OptionalDouble.of(a + b);
            case '-': return OptionalDouble.of(a - b);
            case '*': return OptionalDouble.of(a * b);
            default: return b == 0 ? OptionalDouble.empty() : OptionalDouble.of(a / b);
        }
    }

    private static void collect(Node node, Set<String> names) {
        if (node instanceof Reference reference) {
            names.add(reference.query());
        } else if (node instanceof Negation negation) {
            collect(negation.operand(), names);
        } else if (node instanceof Operation operation) {
            collect(operation.left(), names);
            collect(operation.right(), names);
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** Recursive descent: formula = sum; sum = product (('+'|'-') product)*; product = unary (('*'|'/') unary)*. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Node formula() {
            skipSpaces();
            if (at == text.length()) {
                throw new IllegalArgumentException("the formula is empty; expected e.g. \"errors / requests * 100\"");
            }
            Node node = sum();
            if (at < text.length()) {
                throw problem("expected an operator (+ - * /) or the end");
            }
            return node;
        }

        private Node sum() {
            Node node = product();
            while (peek() == '+' || peek() == '-') {
                char operator = text.charAt(at++);
                node = new Operation(operator, node, product());
            }
            return node;
        }

        private Node product() {
            Node node = unary();
            while (peek() == '*' || peek() == '/') {
                char operator = text.charAt(at++);
                node = new Operation(operator, node, unary());
            }
            return node;
        }

        private Node unary() {
            char next = peek();
            if (next == '-') {
                at++;
                return new Negation(unary());
            }
            if (next == '(') {
                at++;
                Node inner = sum();
                if (peek() != ')') {
                    throw problem("expected ')'");
                }
                at++;
                return inner;
            }
            int start = at;
            if (Character.isDigit(next) || next == '.') {
                while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                    at++;
                }
                try {
                    return new Number(Double.parseDouble(text.substring(start, at)));
                } catch (NumberFormatException e) {
                    at = start;
                    throw problem("expected a number");
                }
            }
            if (Character.isLetter(next) || next == '_') {
                while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                    at++;
                }
                return new Reference(text.substring(start, at));
            }
            throw problem("expected a number, a query name or '('");
        }

        /** The next character that is not a space; 0 at the end. */
        private char peek() {
            skipSpaces();
            return at < text.length() ? text.charAt(at) : 0;
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException problem(String expected) {
            String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
            return new IllegalArgumentException("in \"" + text + "\" at character " + (at + 1) + ": " + expected + ", found " + found);
        }
    }
}
