// How a book's text is laid out, decided once for the whole book from a sample of its first
// blocks (see DECISIONS.md, "Layouts"), and the line readings the parser's rules share.

/// The layout the parser read the book in.
public struct BookLayout: Equatable, Sendable {
    public enum Wrapping: String, Equatable, Sendable {
        /// One paragraph a line, as text extracted from the web (the bundled book).
        case onePerLine = "one paragraph per line"
        /// Prose broken into lines of similar width, paragraphs between blank lines.
        case hardWrapped = "hard-wrapped"
    }

    public var wrapping: Wrapping
    /// `#` and `##` lines are the headings, and nothing else is.
    public var markdown: Bool
    /// A Project Gutenberg file: the header before "*** START OF" is front matter, and the
    /// licence from "*** END OF" is back matter.
    public var gutenberg: Bool
    /// The width (scalars) hard-wrapped lines are filled to: a line much shorter than this
    /// that is followed by another ends its paragraph.
    public var lineWidth: Int
    /// The book numbers its divisions ("CHAPTER 1", "BOOK II", "Letter 4") on lines of their
    /// own: those are its headings, and lone lines in capitals or title case (a title page, a
    /// song's "CHORUS.") are text.
    public var numberedDivisions: Bool

    public init(wrapping: Wrapping = .onePerLine, markdown: Bool = false, gutenberg: Bool = false, lineWidth: Int = 0,
                numberedDivisions: Bool = false) {
        self.wrapping = wrapping
        self.markdown = markdown
        self.gutenberg = gutenberg
        self.lineWidth = lineWidth
        self.numberedDivisions = numberedDivisions
    }

    /// "hard-wrapped, Project Gutenberg".
    public var description: String {
        var parts = [wrapping.rawValue]
        if markdown { parts.append("Markdown") }
        if gutenberg { parts.append("Project Gutenberg") }
        return parts.joined(separator: ", ")
    }
}

/// Counts over the sampled blocks, from which the layout is decided.
struct LayoutEvidence {
    /// Text sampled before deciding: enough to see the shape of any book, bounded so that a
    /// book of gigabytes is not held whole before its first paragraph is built.
    static let sampleScalars = 2 << 20

    var scalars = 0
    var lines = 0
    /// Scalars in lines longer than `Parser.unwrappedLineLength`: whole paragraphs on a line.
    var longLineScalars = 0
    /// Short lines with a non-blank neighbour: the lines of hard-wrapped paragraphs.
    var wrappedLines = 0
    var markdownHeadings = 0
    var gutenbergStart = false
    /// Blocks opening with a numbered division marker.
    var numberedMarkers = 0
    /// Lengths of the wrapped lines (longer ones counted at the last slot).
    var widths = [Int](repeating: 0, count: Parser.unwrappedLineLength + 2)

    mutating func add(_ block: [Parser.Line]) {
        if let first = block.first, LineReading.isNumberedDivision(first.text) { numberedMarkers += 1 }
        for line in block {
            scalars += line.scalarCount
            lines += 1
            if line.scalarCount > Parser.unwrappedLineLength {
                longLineScalars += line.scalarCount
            } else if block.count > 1 {
                wrappedLines += 1
                widths[line.scalarCount] += 1
            }
            if LineReading.markdownHeadingLevel(line.text) != nil { markdownHeadings += 1 }
            if LineReading.isGutenbergStart(line.text) { gutenbergStart = true }
        }
    }

    /// Scalars to sample (`sampleScalars`; tests set fewer, to try large-book rules on small books).
    var sampleSize = LayoutEvidence.sampleScalars
    var isComplete: Bool { scalars >= sampleSize }

    /// Hard-wrapped when most lines are short lines of several-line blocks and most text is not
    /// in long lines; a book of single-line paragraphs (short or long) is read one per line.
    func decide() -> BookLayout {
        let hardWrapped = lines > 0 && wrappedLines * 2 >= lines && longLineScalars * 2 < scalars
        var width = 0
        if hardWrapped {
            // The width most lines reach: the 80th percentile of the wrapped lines' lengths.
            var seen = 0
            for (length, count) in widths.enumerated() {
                seen += count
                if seen * 5 >= wrappedLines * 4 { width = length; break }
            }
        }
        return BookLayout(wrapping: hardWrapped ? .hardWrapped : .onePerLine,
                          markdown: markdownHeadings >= 2, gutenberg: gutenbergStart, lineWidth: width,
                          numberedDivisions: numberedMarkers >= 3)
    }
}

/// Holds the first blocks until the layout is decided, then hands them and every later block
/// to the builder: one pass over the file, and memory bounded by the sample.
struct LayoutSampler {
    private var held: [([Parser.Line], Int, Bool)] = []
    private var evidence = LayoutEvidence()

    init(sampleSize: Int = LayoutEvidence.sampleScalars) { evidence.sampleSize = sampleSize }
    private(set) var decided = false

    mutating func add(block: [Parser.Line], index: Int, isLast: Bool, to builder: inout DocumentBuilder) {
        if decided {
            builder.add(block: block, index: index, isLast: isLast)
            return
        }
        evidence.add(block)
        held.append((block, index, isLast))
        if evidence.isComplete || isLast { release(to: &builder) }
    }

    mutating func finish(_ builder: inout DocumentBuilder) {
        if !decided { release(to: &builder) }
    }

    private mutating func release(to builder: inout DocumentBuilder) {
        decided = true
        builder.layout = evidence.decide()
        let blocks = held
        held = []
        for (block, index, isLast) in blocks { builder.add(block: block, index: index, isLast: isLast) }
    }
}

/// What a line reads as: the evidence the heading, figure and matter rules use.
enum LineReading {
    /// Words that number a division of a book when a number follows them.
    static let numberedDivisions: Set<String> = [
        "chapter", "chap", "book", "part", "volume", "vol", "act", "scene", "section", "canto", "letter",
        "stave", "fytte", "psalm", "lecture", "lesson", "article", "essay", "story", "tale", "sermon", "epistle",
    ]
    /// Divisions that stand alone.
    static let namedDivisions: Set<String> = [
        "preface", "prologue", "epilogue", "introduction", "foreword", "afterword", "appendix", "conclusion",
        "postscript", "dedication", "index", "glossary", "notes", "bibliography", "finis",
    ]
    /// Lists a book has besides its text: they head no part of it.
    static let bookFurniture: Set<String> = [
        "contents", "table of contents", "illustrations", "list of illustrations", "errata", "the end",
    ]
    static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
        "forty", "fifty", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth", "last", "the",
    ]
    /// Words a title leaves in lower case.
    static let smallWords: Set<String> = [
        "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "by", "for", "to", "with", "from",
        "into", "upon", "as", "vs", "de", "la", "le", "du", "des", "von", "van", "der", "den", "und", "et", "y",
        "del", "di", "da", "o", "th", "st", "nd", "rd", "s", "t",
    ]

    static func isRomanNumeral(_ word: Substring) -> Bool {
        !word.isEmpty && word.count <= 8 && word.allSatisfy { "ivxlcdm".contains($0) }
    }

    static func isNumber(_ word: Substring) -> Bool {
        if !word.isEmpty && word.count <= 4 && word.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        return isRomanNumeral(word) || numberWords.contains(String(word))
    }

    /// Lower-case words of letters and digits ("chapter 1. loomings." gives chapter, 1, loomings).
    static func words(_ text: String, limit: Int = 4) -> [Substring] {
        var result: [Substring] = []
        let lowered = text.lowercased()
        var start: String.Index?
        var index = lowered.startIndex
        while index < lowered.endIndex, result.count < limit {
            let character = lowered[index]
            if character.isLetter || character.isNumber {
                if start == nil { start = index }
            } else if let begun = start {
                result.append(lowered[begun..<index])
                start = nil
            }
            index = lowered.index(after: index)
        }
        if let begun = start, result.count < limit { result.append(lowered[begun..<index]) }
        return result
    }

    /// "CHAPTER 1. Loomings.", "Chapter XII", "BOOK II", "PART ONE", "Letter 4", "PREFACE",
    /// a roman numeral or a number alone ("IV.", "12"): a division of the book, whatever
    /// punctuation ends it.
    static func isDivisionMarker(_ text: String) -> Bool {
        guard text.unicodeScalars.count <= Parser.maxHeadingLength,
              let first = text.unicodeScalars.first, first.properties.isUppercase || ("0"..."9").contains(first),
              !isContentsRow(text)
        else { return false }
        let words = words(text, limit: 3)
        guard let head = words.first else { return false }
        if words.count == 1 {
            // A number or numeral alone, with at most a full stop after it.
            let rest = text.drop { $0.isLetter || $0.isNumber }
            if rest.isEmpty || rest == "." {
                if head.count <= 3 && head.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
                if isRomanNumeral(head) && text.allSatisfy({ $0.isUppercase || $0 == "." }) { return true }
            }
        }
        // The number stands apart from the word: "CHAPTER I", "Chap. 4", never "Act[)i]us".
        if numberedDivisions.contains(String(head)), words.count >= 2, isNumber(words[1]),
           let after = text.dropFirst(head.count).first, after == " " || after == "\t" || after == "." {
            // "Chapter the First" counts; "Book the thief" does not.
            if words[1] == "the" { return words.count >= 3 && numberWords.contains(String(words[2])) }
            return true
        }
        if namedDivisions.contains(String(head)) {
            return words.count == 1 || !readsAsProse(text)
        }
        return false
    }

    /// A gap of three or more spaces, or a tab, between words: the line is set in columns (a
    /// table, a contents list: "CHAPTER X      The Substance of the Shadow"), which prose never is.
    static func hasColumnGap(_ text: String) -> Bool {
        var run = 0
        for scalar in text.unicodeScalars {
            if scalar == "\t" { return true }
            if scalar == " " {
                run += 1
                if run >= 3 { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// A contents list's row: text, a column gap and a page number ("Bibliography      343",
    /// "Introduction      vii"). It names a division; it does not start one.
    /// A division word alone before the gap ("CHAPTER     12") is numbered by it: a heading.
    static func isContentsRow(_ text: String) -> Bool {
        guard hasColumnGap(text) else { return false }
        let scalars = Array(text.unicodeScalars)
        var end = scalars.count
        while end > 0, scalars[end - 1] != " " && scalars[end - 1] != "\t" { end -= 1 }
        let pageCount = scalars.count - end
        guard pageCount > 0, pageCount <= 8 else { return false }
        var gapStart = end
        while gapStart > 0, scalars[gapStart - 1] == " " || scalars[gapStart - 1] == "\t" { gapStart -= 1 }
        guard gapStart > 0, end - gapStart >= 3 || scalars[gapStart..<end].contains("\t") else { return false }
        let page = String(String.UnicodeScalarView(scalars[end...])).lowercased()
        guard page.allSatisfy({ $0.isASCII && $0.isNumber }) || isRomanNumeral(Substring(page)) else { return false }
        let label = String(String.UnicodeScalarView(scalars[..<gapStart])).lowercased()
        return !numberedDivisions.contains(label)
    }

    /// "Author: Frederick Douglass", "Year: 1845": a field of a book's details, a label of one
    /// or two words and a colon before its value, the label no division ("Part One: ...").
    static func isHeaderField(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), text.index(after: colon) < text.endIndex,
              text[text.index(after: colon)] == " ",
              !text[text.index(after: colon)...].allSatisfy({ $0 == " " }) else { return false }
        let label = text[..<colon]
        let words = label.split(separator: " ")
        guard (1...2).contains(words.count), label.first?.isUppercase == true,
              words.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return false }
        return !isDivisionMarker(String(label)) && !namedDivisions.contains(label.lowercased())
    }

    /// A division marker with a number ("CHAPTER I", "Book the First"), not a named one
    /// ("PREFACE"): the kind whose title may stand on the next line.
    static func isNumberedDivision(_ text: String) -> Bool {
        guard isDivisionMarker(text), let head = words(text, limit: 1).first else { return false }
        return !namedDivisions.contains(String(head))
    }

    /// The text a heading is known by in the book ("chapter 12", "epilogue"): a table of
    /// contents repeats it.
    static func divisionKey(_ text: String) -> String? {
        guard isDivisionMarker(text) else { return nil }
        // "Book the First" and "Book the Second" are two: an article is no part of the number.
        let words = words(text, limit: 4).filter { $0 != "the" }.prefix(2)
        if let head = words.first, namedDivisions.contains(String(head)) { return String(head) }
        return words.joined(separator: " ")
    }

    /// `# Title` and `## Title` (1 or 2); nil for other lines, deeper levels included.
    static func markdownHeadingLevel(_ text: String) -> Int? {
        var level = 0
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "#" { level += 1; continue }
            guard scalar == " " || scalar == "\t", level >= 1, level <= 2 else { return nil }
            // Text must follow.
            while let next = scalars.next() { if next != " " && next != "\t" && next != "#" { return level } }
            return nil
        }
        return nil
    }

    /// How many scalars `# ` markup takes at the start of a Markdown heading.
    static func markdownPrefixLength(_ text: String) -> Int {
        text.unicodeScalars.prefix { $0 == "#" || $0 == " " || $0 == "\t" }.count
    }

    static func isGutenbergStart(_ text: String) -> Bool {
        guard text.hasPrefix("***") else { return false }
        let upper = text.uppercased()
        return upper.contains("START OF") && upper.contains("GUTENBERG")
    }

    /// "*** END OF THE PROJECT GUTENBERG EBOOK ..." or the older "End of Project Gutenberg's ...".
    static func isGutenbergEnd(_ text: String) -> Bool {
        let upper = text.uppercased()
        if text.hasPrefix("***") { return upper.contains("END OF") && upper.contains("GUTENBERG") }
        return upper.hasPrefix("END OF THE PROJECT GUTENBERG") || upper.hasPrefix("END OF PROJECT GUTENBERG")
    }

    /// "[Illustration: ...]", "[Frontispiece]", "[Image ...]": a picture the text marks.
    static func isIllustrationMarker(_ text: String) -> Bool {
        guard text.hasPrefix("[") else { return false }
        let lowered = text.dropFirst().prefix(14).lowercased()
        return ["illustration", "frontispiece", "image", "picture", "plate", "figure", "portrait", "map"]
            .contains { lowered.hasPrefix($0) }
    }

    static let closingPunctuation: Set<Character> = ["\"", "'", "”", "’", ")", "]", "_", "»", "*"]
    static let openingQuotes: Set<Character> = ["\"", "'", "“", "‘", "«", "„", "—", "-", "_", "("]

    /// The line's last character that is not a closing quote or bracket.
    static func lastMark(_ text: String) -> Character? {
        text.last { !closingPunctuation.contains($0) }
    }

    /// Dialogue (opens with a quote or dash), a letter's greeting ("DEAR SIR,--"), or a
    /// sentence: a line that ends in punctuation other than a heading's.
    static func readsAsProse(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        if openingQuotes.contains(first) { return true }
        if text.hasSuffix("-") || text.hasSuffix("—") { return true }
        guard let last = lastMark(text) else { return false }
        if ",;:".contains(last) { return true }
        if ".!?".contains(last) { return !isUpperCase(text) || last != "." }
        return false
    }

    /// At least two letters, none in lower case.
    static func isUpperCase(_ text: String) -> Bool {
        var letters = 0
        for character in text where character.isLetter {
            if character.isLowercase { return false }
            letters += 1
        }
        return letters >= 2
    }

    /// Every word capitalised but the small ones ("The Pool of Tears", "Leon Trotsky  by Clare
    /// Sheridan"): a label, not a sentence.
    static func isTitleLike(_ text: String) -> Bool {
        var sawCapital = false
        var wordStart = true
        var word = ""
        func endWord() -> Bool {
            defer { word = "" }
            guard let first = word.first, first.isLetter, first.isLowercase else { return true }
            return smallWords.contains(word)
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "'" || character == "’" {
                if wordStart, character.isUppercase || character.isNumber { sawCapital = true }
                wordStart = false
                if character != "'" && character != "’" { word.append(character) } else if !endWord() { return false }
            } else {
                if !endWord() { return false }
                wordStart = true
            }
        }
        return endWord() && sawCapital
    }
}
