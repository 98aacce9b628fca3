import FuzzSupport
import Testing
@testable import IskraCore

/// Small books in each layout (Tests/IskraCoreTests/Layouts, written for these tests), read as
/// a whole: the layout decided, the real divisions found, prose never a picture or a heading,
/// and every non-blank line in the model once, in order.
enum LayoutFixture {
    static func bytes(_ name: String) -> [UInt8] {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast()
        let path = components.joined(separator: "/") + "/Layouts/" + name
        return try! BookFile.readBytes(path: path)
    }

    static func parse(_ name: String) -> Document { Parser.parse(bytes: bytes(name), path: name) }

    static let all = ["gutenberg.txt", "hard-wrapped.txt", "hard-wrapped-titles.txt", "markdown.txt", "web-extracted.txt"]
}

@Suite("Layouts")
struct LayoutTests {
    /// Nothing lost, nothing reordered, every unit where the file has it.
    @Test(arguments: LayoutFixture.all)
    func everyLineOnceInOrder(_ name: String) {
        let bytes = LayoutFixture.bytes(name)
        let document = Parser.parse(bytes: bytes, path: name)
        let problems = ParserOracle.problems(bytes, document)
        #expect(problems.isEmpty, "\(name): \(problems.prefix(5))")
        // Read in pieces, as a large file is: the same document.
        var random = SplitMix64(seed: 7)
        #expect(Parser.parse(path: name, progress: { _ in }, read: ParserFuzzTests.pieces(of: bytes, &random)) == document)
    }

    /// The oracle's order check can fail.
    @Test func theOracleCatchesUnitsOutOfOrder() {
        let bytes = LayoutFixture.bytes("hard-wrapped-titles.txt")
        var document = Parser.parse(bytes: bytes)
        document.chapters.swapAt(1, 2)
        #expect(ParserOracle.problems(bytes, document).contains { $0.contains("comes after") })
    }

    @Test func theBundledBookIsOneParagraphPerLine() {
        #expect(TestBook.document.layout == BookLayout(wrapping: .onePerLine))
    }

    @Test func gutenbergHeaderAndLicenceAreMatterNotChapters() throws {
        let document = LayoutFixture.parse("gutenberg.txt")
        #expect(document.layout.gutenberg && document.layout.wrapping == .hardWrapped)
        #expect(document.title == "The Project Gutenberg eBook of The Salt Marsh Letters, by A. Writer")
        #expect(document.chapters.map(\.role) == [.frontMatter, .body, .body, .body, .body, .backMatter])
        #expect(document.chapters.map(\.displayTitle) == ["Front matter", "Opening", "CHAPTER I. The Ferry",
                                                           "CHAPTER II. THE PARISH CLERK", "CHAPTER III. A Letter from Town.",
                                                           "Back matter"])
        let front = document.chapters[0]
        #expect(front.line == 3 && front.endLine == 11)
        #expect(front.paragraphs.last?.text.hasPrefix("*** START OF") == true)
        // Header fields are lines of their own, not one run-on paragraph.
        #expect(front.paragraphs.map(\.text).contains("Title: The Salt Marsh Letters"))
        let back = try #require(document.chapters.last)
        #expect(back.line == 61 && back.endLine == 66)
        #expect(back.paragraphs.first?.text.hasPrefix("*** END OF") == true)
        // The title page and the contents are the opening's text, not chapters.
        #expect(document.chapters[1].paragraphs.map(\.text).contains("CHAPTER II. The Parish Clerk"))
    }

    @Test func chapterMarkerAndTitleLineAreOneChapter() throws {
        let document = LayoutFixture.parse("gutenberg.txt")
        let ferry = try #require(document.chapters[2].heading)
        #expect(ferry.text == "CHAPTER I. The Ferry")
        #expect(ferry.line == 23 && ferry.endLine == 24)
        #expect(ferry.titleLine == LineSegment(textOffset: 11, line: 24, column: 1))
        // The title below a blank line joins too.
        let clerk = try #require(document.chapters[3].heading)
        #expect(clerk.text == "CHAPTER II. THE PARISH CLERK" && clerk.line == 40 && clerk.endLine == 42)
        #expect(document.chapters.allSatisfy { $0.role != .body || $0.heading == nil || !$0.blocks.isEmpty })
    }

    @Test func headingEndingInAFullStopIsAHeading() {
        let document = LayoutFixture.parse("hard-wrapped.txt")
        #expect(document.chapters.map(\.title) == ["BOOK I", "CHAPTER 1. The Survey.", "Chapter 2 THE DIGGING", "BOOK II",
                                                   "PART ONE", "CHAPTER 3. Decline."])
        #expect(LayoutFixture.parse("gutenberg.txt").chapters[4].title == "CHAPTER III. A Letter from Town.")
        #expect(LayoutFixture.parse("web-extracted.txt").chapters.map(\.title) == [nil, "The Fleet Returns", "Chapter 3."])
    }

    @Test func proseAndDialogueOnOneLineAreNotHeadings() {
        let gutenberg = LayoutFixture.parse("gutenberg.txt")
        let clerk = gutenberg.chapters[3].paragraphs.map(\.text)
        #expect(clerk.contains("DEAR SIR,--"))
        #expect(clerk.contains("Yours faithfully,"))
        #expect(gutenberg.chapters[2].paragraphs.map(\.text).contains("He was a careful man."))
        let titles = LayoutFixture.parse("hard-wrapped-titles.txt")
        #expect(titles.chapters.map(\.title) == [nil, "THE UPPER VALLEY", "The Lower Valley", "Mills and Weirs"])
        let last = titles.chapters[3].paragraphs.map(\.text)
        #expect(last.contains("He never came back."))
        #expect(last.contains("\"Who will pay for the weir?\""))
        #expect(last.contains("WHO INDEED?"))
        #expect(last.last == "THE END")
        let web = LayoutFixture.parse("web-extracted.txt")
        #expect(web.chapters[1].paragraphs.map(\.text).contains("\"Welcome home!\""))
        let hard = LayoutFixture.parse("hard-wrapped.txt")
        #expect(hard.chapters[2].paragraphs.map(\.text).contains("\"Look at her go!\""))
        // A book that numbers its chapters has those as headings: a centred line in capitals is text.
        #expect(hard.layout.numberedDivisions)
        #expect(hard.chapters[2].paragraphs.map(\.text).contains("THE FIRST BARGE"))
    }

    @Test func centredUpperCaseAndTitleCaseLinesAreHeadingsWithoutNumberedDivisions() throws {
        let document = LayoutFixture.parse("hard-wrapped-titles.txt")
        #expect(document.layout.wrapping == .hardWrapped && !document.layout.numberedDivisions)
        let centred = try #require(document.chapters[3].heading)
        #expect(centred.line == 19 && centred.column == 30)
    }

    @Test func proseIsNeverAPicture() {
        for name in LayoutFixture.all where name != "web-extracted.txt" {
            let document = LayoutFixture.parse(name)
            for figure in document.figures {
                #expect(figure.altText.text.hasPrefix("[Illustration"), "\(name) line \(figure.line)")
            }
        }
        // Short two- and three-line paragraphs, the shape that was read as alt text and caption.
        var text = "A Book of Short Paragraphs\n\n"
        for i in 1...40 {
            text += "Paragraph \(i) opens here and runs on\nto a second line that is shorter.\n\n"
            if i % 3 == 0 { text += "The Harbour Master\nwas a careful man\nand kept a log.\n\n" }
        }
        let document = Parser.parse(text: text)
        #expect(document.layout.wrapping == .hardWrapped)
        #expect(document.figures.isEmpty)
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
    }

    @Test func illustrationMarkersSpanTheirLines() throws {
        let document = LayoutFixture.parse("gutenberg.txt")
        let figure = try #require(document.figures.first)
        #expect(document.figures.count == 1)
        #expect(figure.line == 32 && figure.endLine == 33 && figure.caption == nil)
        #expect(figure.altText.text == "[Illustration: The ferry at the landing, with the church tower beyond the marsh]")
        #expect(figure.chapter == 2)
    }

    @Test func hardWrappedLinesAreJoinedAndShortLinesEndParagraphs() {
        let document = LayoutFixture.parse("hard-wrapped.txt")
        #expect(document.layout.lineWidth >= 60 && document.layout.lineWidth <= 72)
        let survey = document.chapters[1].paragraphs
        #expect(survey.map(\.line) == [7, 11, 12])
        #expect(survey[0].text.hasPrefix("The surveyors came in the dry summer and walked the line of the canal from the river"))
        #expect(survey[1].text == "They were paid by the mile." && survey[2].text == "The farmers were not.")
    }

    @Test func noBreakSpacesAtALineStartAreIndentation() throws {
        let document = LayoutFixture.parse("hard-wrapped.txt")
        let last = try #require(document.chapters.last?.paragraphs.last)
        #expect(last.text == "It is still there.")
        #expect(last.segments == [LineSegment(textOffset: 0, line: 44, column: 3)])
        // And in the bundled book's layout too.
        let web = Parser.parse(text: "Title\n\n\u{A0}\u{A0}Indented text here.\u{A0}\n")
        #expect(web.chapters[0].paragraphs.first?.text == "Indented text here.")
        #expect(web.chapters[0].paragraphs.first?.segments.first?.column == 3)
    }

    @Test func markdownHeadingsOnly() throws {
        let document = LayoutFixture.parse("markdown.txt")
        #expect(document.layout.markdown)
        #expect(document.title == "The Mill on the Weir" && document.titleColumn == 3)
        #expect(document.chapters.map(\.title) == [nil, "The Miller", "The Flood"])
        let miller = try #require(document.chapters[1].heading)
        #expect(miller.line == 6 && miller.column == 4)
        let texts = document.chapters.flatMap(\.paragraphs).map(\.text)
        #expect(texts.contains("ALL IN CAPITALS BUT NOT A HEADING"))
        #expect(texts.contains("### A detail that stays text"))
    }

    @Test func aContentsListIsNotChapters() {
        // Entries on lines of their own, then the chapters they list.
        var text = "A Book\n\nCONTENTS\n\n"
        for i in 1...5 { text += "CHAPTER \(i). Part \(i)\n\n" }
        for i in 1...5 {
            text += "CHAPTER \(i). Part \(i)\n\n"
            text += "The text of chapter \(i) is hard-wrapped prose that runs over a\nsecond line of similar width.\n\n"
        }
        let document = Parser.parse(text: text)
        #expect(document.chapters.compactMap(\.title) == (1...5).map { "CHAPTER \($0). Part \($0)" })
        #expect(document.chapters.compactMap(\.heading).map(\.line) == [15, 20, 25, 30, 35])
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
    }

    @Test func aBookInPartsNumbersItsChaptersAgainAndKeepsThemAll() {
        // A Tale of Two Cities' shape: a contents list, then books whose chapters start again at I.
        let numerals = ["I", "II", "III"]
        var text = "A Tale in Books\n\nCONTENTS\n\n"
        // Each book's chapters listed under it, a line each (the article matters: "Book the
        // First" and "Book the Second" are two divisions).
        for book in ["First", "Second"] {
            text += "     Book the \(book)--A Part\n\n"
            for (n, numeral) in numerals.enumerated() { text += "     CHAPTER \(numeral)      Title \(n + 1)\n" }
            text += "\n\n"
        }
        for book in ["First", "Second"] {
            text += "Book the \(book)--A Part\n\n"
            for (n, numeral) in numerals.enumerated() {
                text += "CHAPTER \(numeral).\nTitle \(n + 1)\n\n"
                for _ in 0..<3 {
                    text += "The text of this chapter is hard-wrapped prose that goes on for\nseveral lines of a similar width, as a printed novel's does,\nand ends a paragraph here.\n\n"
                }
            }
        }
        let document = Parser.parse(text: text)
        let titles = document.chapters.compactMap(\.title)
        #expect(titles == ["Book the First--A Part", "CHAPTER I. Title 1", "CHAPTER II. Title 2", "CHAPTER III. Title 3",
                           "Book the Second--A Part", "CHAPTER I. Title 1", "CHAPTER II. Title 2", "CHAPTER III. Title 3"], "\(document.chapters.map(\.displayTitle))")
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
    }

    /// A hard-wrapped book whose chapters are numerals alone with titles below them.
    static func numeralBook(_ titles: [String]) -> String {
        var text = "A Life\n\n\n"
        for (n, title) in titles.enumerated() {
            text += "\n\n\(["I", "II", "III", "IV"][n])\n\n\(title)\n\n\n"
            for _ in 0..<3 {
                text += "The text of this chapter is hard-wrapped prose that goes on for\nseveral lines of a similar width, as a printed book's does,\nand ends a paragraph here.\n\n"
            }
        }
        return text
    }

    @Test func aTitleMayRunOverTwoOrThreeLines() throws {
        let text = Self.numeralBook(["ANCESTRY AND EARLY YOUTH IN\nBOSTON", "BEGINNING LIFE AS A PRINTER",
                                     "The Arrival in\nPhiladelphia", "A FIRST VISIT\nTO BOSTON AND\nBACK AGAIN"])
        let document = Parser.parse(text: text)
        #expect(document.chapters.compactMap(\.title) == ["I ANCESTRY AND EARLY YOUTH IN BOSTON", "II BEGINNING LIFE AS A PRINTER",
                                                          "III The Arrival in Philadelphia", "IV A FIRST VISIT TO BOSTON AND BACK AGAIN"])
        let first = try #require(document.chapters[0].heading)
        #expect(first.titleLines.map(\.line) == [8, 9] && first.endLine == 9)
        #expect(document.chapters.allSatisfy { $0.paragraphs.count == 3 })
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
        // Two lines of prose below a numeral are its text, not its title.
        let prose = Parser.parse(text: Self.numeralBook(["It was a cold morning when we set out, and\nthe road was long.",
                                                         "TWO", "THREE", "FOUR"]))
        #expect(prose.chapters[0].title == "I" && prose.chapters[0].paragraphs.count == 4)
    }

    @Test func aDivisionWordAndItsNumberStandApart() {
        // An index entry: "Act" and the "i" of "Act[)i]us" are not "Act I".
        #expect(!LineReading.isDivisionMarker("Act[)i]us Rufus accuses L. Apanius of treachery, C. iii. 83"))
        #expect(!LineReading.isDivisionMarker("Bookv"))
        for marker in ["Act I", "CHAP. IV.", "Chapter\t12", "BOOK the First"] {
            #expect(LineReading.isDivisionMarker(marker), "\(marker)")
        }
    }

    @Test func contentsRowsStayLinesAndAreNoChapters() {
        // A contents list set in columns with page numbers, under headings of its own
        // ("Appendix"), then the book's divisions.
        let prose = "The text of this part is hard-wrapped prose that goes on for\nseveral lines of a similar width, as a printed book's does,\nand ends a paragraph here.\n\n"
        var text = "A Life\n\nCONTENTS\n\n"
        text += "Introduction                                                  vii\n\n"
        text += "      I. Ancestry and Early Life in Boston                      3\n"
        text += "     II. Beginning Life as a Printer                           21\n"
        text += "    III. Arrival in Philadelphia                               41\n\n"
        text += "Appendix\n\n"
        text += "         Electrical Kite                                      327\n"
        text += "         The Way to Wealth                                    331\n\n"
        text += "Bibliography                                                  343\n\n\n"
        text += "ILLUSTRATIONS\n\nA Portrait                                    vii\n\n"
        text += "INTRODUCTION\n\n" + prose
        for numeral in ["I", "II", "III"] { text += "\(numeral)\n\nA TITLE\n\n" + prose + prose }
        text += "APPENDIX\n\n" + prose + "BIBLIOGRAPHY\n\n" + prose
        let document = Parser.parse(text: text)
        #expect(document.chapters.compactMap(\.title) == ["INTRODUCTION", "I A TITLE", "II A TITLE", "III A TITLE",
                                                          "APPENDIX", "BIBLIOGRAPHY"], "\(document.chapters.map(\.displayTitle))")
        // Each row of the list is a line of its own.
        let opening = document.chapters[0].paragraphs.map(\.text)
        #expect(opening.contains("I. Ancestry and Early Life in Boston                      3"))
        #expect(opening.contains("Bibliography                                                  343"))
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
        #expect(LineReading.isContentsRow("Bibliography      343") && LineReading.isContentsRow("Introduction\tvii"))
        #expect(!LineReading.isContentsRow("Bibliography 343") && !LineReading.isContentsRow("Chapter  2"))
        #expect(!LineReading.isContentsRow("CHAPTER I      Title 1") && !LineReading.isContentsRow("CHAPTER     12"))
    }

    @Test func aTableOfChaptersInColumnsKeepsItsLines() {
        // Rows wide enough not to end a paragraph by their length alone.
        var text = "A Tale\n\nCONTENTS\n\n"
        for (numeral, title) in [("I", "The Substance of the Shadow and the Light"), ("II", "Dusk"), ("III", "Darkness at the End")] {
            text += "     CHAPTER \(numeral)      \(title)\n"
        }
        text += "\n"
        for numeral in ["I", "II", "III"] {
            text += "CHAPTER \(numeral).\nA Title\n\nThe text of this chapter is hard-wrapped prose that goes on for\nseveral lines of a similar width, as a printed novel's does,\nand ends a paragraph here.\n\n"
        }
        let document = Parser.parse(text: text)
        #expect(document.chapters[0].paragraphs.map(\.text).suffix(3) == ["CHAPTER I      The Substance of the Shadow and the Light",
                                                                          "CHAPTER II      Dusk", "CHAPTER III      Darkness at the End"])
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
    }

    @Test func aTitleThatIsAHyphenatedNumberWordIsATitle() {
        var text = "A Tale\n\n"
        for (numeral, title) in [("I", "Fifty-two"), ("II", "Twenty-three"), ("III", "The Rabbit-hole")] {
            text += "CHAPTER \(numeral).\n\(title)\n\nThe text of this chapter is hard-wrapped prose that goes on for\nseveral lines of a similar width, as a printed novel's does,\nand ends a paragraph here.\n\n"
        }
        let document = Parser.parse(text: text)
        #expect(document.chapters.compactMap(\.title) == ["CHAPTER I. Fifty-two", "CHAPTER II. Twenty-three", "CHAPTER III. The Rabbit-hole"])
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
    }

    static let prose = "The text of this part is hard-wrapped prose that goes on for\nseveral lines of a similar width, as a printed book's does,\nand ends a paragraph here.\n\n"

    @Test func aLineSetApartAboveANumberedDivisionHeadsAPart() {
        // Two works in one book, each in books numbered from I; their names in the contents
        // and on the title page are text, and so is a signature above the next book.
        var text = "Commentaries\n\nCONTENTS\n\n\nTHE WAR IN GAUL\n\nTHE CIVIL WAR\n\n\n\nTHE COMMENTARIES\n\n\n"
        text += "THE WAR IN GAUL\n\nBOOK I\n\n" + Self.prose + Self.prose + "\n\nJ. SMITH.\n\n\nBOOK II\n\n" + Self.prose
        // (Each book long enough not to read as a contents entry: its heading comes again.)
        text = text.replacingOccurrences(of: "BOOK II\n\n" + Self.prose, with: "BOOK II\n\n" + Self.prose + Self.prose)
        text += "BOOK III\n\n" + Self.prose + "\n\nTHE CIVIL WAR\n\nBOOK I\n\n" + Self.prose + "BOOK II\n\n" + Self.prose
        text += "\n\nTHE END\n"
        let document = Parser.parse(text: text)
        #expect(document.chapters.compactMap(\.title) == ["THE WAR IN GAUL", "BOOK I", "BOOK II", "BOOK III",
                                                          "THE CIVIL WAR", "BOOK I", "BOOK II"], "\(document.chapters.map(\.displayTitle))")
        #expect(document.chapters[0].paragraphs.map(\.text).contains("THE CIVIL WAR"))
        #expect(document.chapters[2].paragraphs.last?.text == "J. SMITH.")
        #expect(document.chapters.last?.paragraphs.last?.text == "THE END")
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
        var random = SplitMix64(seed: 11)
        let bytes = Array(text.utf8)
        #expect(Parser.parse(path: "", progress: { _ in }, read: ParserFuzzTests.pieces(of: bytes, &random)) == document)
    }

    @Test func aPrefaceUnderADivisionsHeadingOpensItsText() throws {
        var text = "Commentaries\n\n"
        for numeral in ["I", "II", "III"] { text += "BOOK \(numeral)\n\n" + Self.prose + Self.prose }
        text += "\n\nBOOK IV\n\nCONTINUATION BY ANOTHER HAND\n\nPREFACE\n\n" + Self.prose + "I. The war went on.\n\n" + Self.prose
        text += "INDEX\n\nAbbeys, 4\n"
        let document = Parser.parse(text: text)
        #expect(document.chapters.compactMap(\.title) == ["BOOK I", "BOOK II", "BOOK III", "BOOK IV CONTINUATION BY ANOTHER HAND", "INDEX"])
        let fourth = try #require(document.chapters.first { $0.title?.hasPrefix("BOOK IV") == true })
        #expect(fourth.paragraphs.first?.text == "PREFACE" && fourth.paragraphs.count == 4)
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
    }

    @Test func markdownDetailsAboveTheFirstChapterAreText() throws {
        var text = "# Title: The Narrative\n\n## Author: A. Writer\n\n## Year: 1845\n\n-------\n\n"
        for numeral in ["I", "II"] { text += "##  CHAPTER \(numeral) \n\nA paragraph on one line.\n\n## Note: kept\n\nMore.\n\n" }
        let document = Parser.parse(text: text)
        #expect(document.title == "Title: The Narrative")
        #expect(document.chapters.compactMap(\.title) == ["CHAPTER I", "Note: kept", "CHAPTER II", "Note: kept"])
        let details = document.chapters[0].paragraphs
        #expect(details.map(\.text).prefix(2) == ["Author: A. Writer", "Year: 1845"])
        #expect(details.first?.segments.first?.column == 4)
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
        #expect(!LineReading.isHeaderField("Part One: The Beginning") && !LineReading.isHeaderField("Chapter 1: Loomings"))
        #expect(LineReading.isHeaderField("Release Date: May 1, 2024"))
    }

    @Test func anIllustrationRunsOverBlankLinesToItsClosingBracket() throws {
        var text = "A Life\n\n" + Self.prose
        text += "[Illustration: Father Abraham in his study with the following text:\n\n    The Shade of Him who Counsel can bestow,\n    Still pleas'd to teach.\n\n"
        text += "Few Men deserve our Passion either Ways.]\n\nFrom the Almanac, 1758.\n\n" + Self.prose
        // Never closed within reach: the marker's block is the picture and the rest is text.
        text += "[Illustration: a bracket that is never closed\n\n"
        for n in 1...30 { text += "Paragraph \(n) of the text after it, which runs on for a\nsecond line.\n\n" }
        let document = Parser.parse(text: text)
        #expect(document.figures.count == 2)
        let abraham = try #require(document.figures.first)
        #expect(abraham.line == 7 && abraham.endLine == 12)
        #expect(abraham.altText.text.hasSuffix("Still pleas'd to teach. Few Men deserve our Passion either Ways.]"))
        let texts = document.chapters.flatMap(\.paragraphs).map(\.text)
        #expect(texts.contains("From the Almanac, 1758."))
        #expect(!texts.contains { $0.contains("Ways.]") })
        #expect(document.figures[1].altText.text == "[Illustration: a bracket that is never closed")
        #expect(texts.filter { $0.hasPrefix("Paragraph ") }.count == 30)
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
        var random = SplitMix64(seed: 5)
        let bytes = Array(text.utf8)
        #expect(Parser.parse(path: "", progress: { _ in }, read: ParserFuzzTests.pieces(of: bytes, &random)) == document)
    }

    /// The fixtures damaged the ways real files are: never a crash, never a lost line.
    @Test(arguments: LayoutFixture.all)
    func damagedFixturesStaySound(_ name: String) {
        for seed in UInt64(0x4000)..<0x4006 {
            var random = SplitMix64(seed: seed)
            var mutator = BookMutator(bytes: LayoutFixture.bytes(name))
            for _ in 0..<(1 + random.below(3)) { mutator.mutate(&random) }
            let document = Parser.parse(bytes: mutator.bytes, path: name)
            let problems = ParserOracle.problems(mutator.bytes, document)
            #expect(problems.isEmpty, "\(name) seed \(seed) \(mutator.log): \(problems.prefix(3))")
        }
    }
}
