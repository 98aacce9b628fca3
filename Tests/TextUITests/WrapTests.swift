@testable import TextUI
import Testing

/// The text of each wrapped line.
private func texts(_ text: String, _ width: Int) -> [String] {
    WordWrap.wrap(text, width: width).map { String($0.text(in: text)) }
}

/// Checks the invariants every wrap must keep and returns the lines.
@discardableResult
private func checkInvariants(_ text: String, width: Int,
                             sourceLocation: SourceLocation = #_sourceLocation) -> [WrappedLine] {
    let lines = WordWrap.wrap(text, width: width)
    let scalars = Array(text.unicodeScalars)
    #expect(!lines.isEmpty, sourceLocation: sourceLocation)
    var previousEnd = 0
    var previousEndIndex = text.startIndex
    for line in lines {
        // Offsets and indices agree, and slicing by offsets gives the same text.
        #expect(line.start <= line.end, sourceLocation: sourceLocation)
        #expect(previousEnd + text.unicodeScalars.distance(from: previousEndIndex, to: line.startIndex) == line.start,
                sourceLocation: sourceLocation)
        #expect(line.start + text.unicodeScalars.distance(from: line.startIndex, to: line.endIndex) == line.end,
                sourceLocation: sourceLocation)
        let byOffsets = String(String.UnicodeScalarView(scalars[line.start..<line.end]))
        #expect(byOffsets == String(line.text(in: text)), sourceLocation: sourceLocation)
        #expect(line.width == DisplayWidth.of(line.text(in: text)), sourceLocation: sourceLocation)
        // Fits, unless a single cluster is wider than the line.
        let oneCluster = line.text(in: text).count == 1
        #expect(line.width <= max(1, width) || oneCluster, sourceLocation: sourceLocation)
        // Only spaces and newlines are dropped between lines.
        #expect(line.start >= previousEnd, sourceLocation: sourceLocation)
        let gap = scalars[previousEnd..<line.start]
        #expect(gap.allSatisfy { $0 == " " || $0 == "\n" || $0 == "\r" }, sourceLocation: sourceLocation)
        previousEnd = line.end
        previousEndIndex = line.endIndex
    }
    #expect(scalars[previousEnd...].allSatisfy { $0 == " " }, sourceLocation: sourceLocation)
    return lines
}

@Suite struct WordWrapTests {
    let sentence = "Lev Davidovich Bronshtein (he assumed the name Leon Trotsky in 1902) was born in Yanovka, Russia, on 7th November, 1879."

    @Test func bookSentenceAtWidth30() {
        let lines = checkInvariants(sentence, width: 30)
        #expect(lines.map { String($0.text(in: sentence)) } == [
            "Lev Davidovich Bronshtein (he",
            "assumed the name Leon Trotsky",
            "in 1902) was born in Yanovka,",
            "Russia, on 7th November, 1879.",
        ])
        #expect(lines.map(\.width) == [29, 29, 29, 30])
        #expect(lines.map(\.start) == [0, 30, 60, 90])
        #expect(lines.map(\.end) == [29, 59, 89, 120])
    }

    @Test func emptyAndDegenerateWidths() {
        let empty = WordWrap.wrap("", width: 10)
        #expect(empty.count == 1)
        #expect(empty[0].start == 0 && empty[0].end == 0 && empty[0].width == 0)
        #expect(texts("abc", 0) == ["a", "b", "c"])
        #expect(texts("abc", -5) == ["a", "b", "c"])
        #expect(texts("", 0) == [""])
        checkInvariants(sentence, width: 0)
        checkInvariants(sentence, width: 1)
    }

    @Test func newlines() {
        #expect(texts("one\ntwo", 80) == ["one", "two"])
        #expect(texts("one\r\ntwo\n", 80) == ["one", "two", ""])
        #expect(texts("a\n\nb", 80) == ["a", "", "b"])
        #expect(texts("trailing   \nnext", 80) == ["trailing", "next"])
        #expect(texts("  indented paragraph", 80) == ["  indented paragraph"])
    }

    @Test func spacesAreNotDrawnAtBreaks() {
        #expect(texts("aaa    bbb", 5) == ["aaa", "bbb"])
        #expect(texts("aaa bbb   ", 3) == ["aaa", "bbb"])
        #expect(texts("aaa bbb", 7) == ["aaa bbb"])
    }

    @Test func breaksAfterHyphensAndDashes() {
        #expect(texts("Brest-Litovsk treaty", 8) == ["Brest-", "Litovsk", "treaty"])
        #expect(texts("(1879–1940) lived", 7) == ["(1879–", "1940)", "lived"])
        #expect(texts("war—peace", 6) == ["war—", "peace"])
        // A dash that starts a word is not a break point.
        #expect(texts("a -xyz", 4) == ["a", "-xyz"])
    }

    @Test func longWordsBreakBetweenClusters() {
        #expect(texts("Dzerzhinsky", 4) == ["Dzer", "zhin", "sky"])
        // Never inside "é" written with a combining accent.
        let word = "cafe\u{301}cafe\u{301}"
        #expect(texts(word, 4) == ["cafe\u{301}", "cafe\u{301}"])
        #expect(texts("ab👨\u{200D}👩\u{200D}👧cd", 3) == ["ab", "👨\u{200D}👩\u{200D}👧c", "d"])
        checkInvariants(word, width: 1)
    }

    @Test func wideCharacters() {
        #expect(texts("日本語です", 5) == ["日本", "語で", "す"])
        #expect(WordWrap.wrap("日本語です", width: 5).map(\.width) == [4, 4, 2])
        // A wide character at width 1 gets its own line rather than looping or vanishing.
        #expect(texts("日本", 1) == ["日", "本"])
        // Words are not split at ideographs; a word that fits on its own line moves there.
        #expect(texts("a 日本 b", 4) == ["a", "日本", "b"])
    }

    @Test func controlsAreMeasuredVisibly() {
        // ESC shows as ^[ (2 columns), so "ab^[" is 4 wide.
        #expect(WordWrap.wrap("ab\u{1B}cd", width: 4).map(\.width) == [4, 2])
    }

    @Test func lineIndexContainingOffset() {
        let lines = WordWrap.wrap(sentence, width: 30)
        #expect(WordWrap.lineIndex(containing: 0, in: lines) == 0)
        #expect(WordWrap.lineIndex(containing: 28, in: lines) == 0)
        #expect(WordWrap.lineIndex(containing: 29, in: lines) == 0)   // the space at the break
        #expect(WordWrap.lineIndex(containing: 30, in: lines) == 1)
        #expect(WordWrap.lineIndex(containing: 119, in: lines) == 3)
        #expect(WordWrap.lineIndex(containing: 500, in: lines) == 3)
        #expect(WordWrap.lineIndex(containing: -1, in: lines) == 0)
        #expect(WordWrap.lineIndex(containing: 5, in: []) == 0)
        // Every offset maps to a line whose range contains it or precedes it.
        for offset in 0..<sentence.unicodeScalars.count {
            let line = lines[WordWrap.lineIndex(containing: offset, in: lines)]
            #expect(line.start <= offset)
        }
    }

    @Test func highlightsMapOntoLines() {
        let lines = WordWrap.wrap(sentence, width: 30)
        let red = Style(foreground: .red), current = Style(attributes: .reverse)
        // "Leon Trotsky" is scalars 47..<59, on line 1; "Trotsky" (52..<59) is the current hit.
        let spans = lines[1].spans(in: sentence, base: .plain,
                                   highlights: [Highlight(47..<59, style: red), Highlight(52..<59, style: current)])
        #expect(spans == [Span("assumed the name "), Span("Leon ", style: red), Span("Trotsky", style: current)])
        // A highlight crossing a line break is cut to each line.
        let across = Highlight(25..<40, style: red)   // " (he assumed th"
        #expect(lines[0].spans(in: sentence, base: .plain, highlights: [across])
                == [Span("Lev Davidovich Bronshtein"), Span(" (he", style: red)])
        #expect(lines[1].spans(in: sentence, base: .plain, highlights: [across])
                == [Span("assumed th", style: red), Span("e name Leon Trotsky")])
        #expect(lines[1].column(ofScalar: 47, in: sentence) == 17)
        #expect(lines[1].column(ofScalar: 0, in: sentence) == 0)
    }

    @Test func wholeBookRoundTrips() throws {
        let book = try Book.text
        for width in [80, 37, 12] {
            let lines = checkInvariants(book, width: width)
            #expect(lines.count > 752)
        }
        // Scalar offsets map back: every non-space scalar of the book is inside exactly the
        // line that lineIndex names.
        let lines = WordWrap.wrap(book, width: 80)
        var offset = 0
        var misplaced: [Int] = []
        for scalar in book.unicodeScalars {
            if scalar != " " && scalar != "\n" {
                let line = lines[WordWrap.lineIndex(containing: offset, in: lines)]
                if !line.scalarRange.contains(offset) { misplaced.append(offset) }
            }
            offset += 1
        }
        #expect(misplaced.isEmpty, "first: \(misplaced.prefix(5))")
    }
}
