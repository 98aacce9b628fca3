#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import IskraCore

/// Books iskra has never seen: the same format with other content, and broken input.
@Suite("Parser on other books")
struct UnseenBookTests {
    @Test func otherHeadingsNoSourcesNoFigures() {
        let text = """
        The Paris Commune

        In March 1871 the people of Paris rose. This opening paragraph has no heading of its own.

        Origins

        The war with Prussia had gone badly, and the capital was besieged through the winter of 1870.

        Seventy-Two Days

        The Commune governed the city for seventy-two days before it was crushed in the Bloody Week.
        """
        let document = Parser.parse(text: text, path: "commune.txt")
        #expect(document.title == "The Paris Commune")
        #expect(document.chapters.map(\.title) == [nil, "Origins", "Seventy-Two Days"])
        #expect(document.chapters.map(\.line) == [3, 5, 9])
        #expect(document.figures.isEmpty)
        #expect(document.sources.isEmpty)
        #expect(document.sourcesHeading == nil)
        #expect(document.chapters[2].paragraphs.map(\.line) == [11])
    }

    @Test func onlyOneParagraph() {
        let text = "It was a long paragraph that never ended, and it had no title, no headings and no sources at all."
        let document = Parser.parse(text: text, path: "/tmp/notes/fragment.txt")
        #expect(document.title == "fragment")
        #expect(document.titleLine == 0)
        #expect(document.lineCount == 1)
        #expect(document.chapters.count == 1)
        #expect(document.chapters[0].title == nil)
        #expect(document.chapters[0].paragraphs.map(\.text) == [text])
    }

    @Test func aFileOverTheSizeLimitIsRefusedWithItsSize() throws {
        // A sparse file: its size is past the limit without using the disk.
        let path = "/tmp/iskra-too-large-\(getpid()).txt"
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        defer { unlink(path) }
        #expect(ftruncate(descriptor, off_t(BookFile.maximumBytes + (1 << 20))) == 0)
        close(descriptor)
        let expected = BookFileError(path: path, reason: "is too large (1025 MB; iskra opens books up to 1024 MB)")
        #expect(throws: expected) { try BookFile.readBytes(path: path) }
        #expect(throws: expected) { try BookFile.checkReadable(path: path) }
    }

    @Test func theBookReadInPiecesIsTheBookReadWhole() throws {
        // As the explorer loads a large book: a few megabytes at a time, hashed as it goes.
        let reader = try BookFile.Reader(path: TestBook.path, chunkSize: 1000)
        var hash = BookIdentity.hash([])
        var pieces = 0
        let document = Parser.parse(path: TestBook.path, progress: { _ in }, read: { chunk in
            guard reader.next(into: &chunk) else { return false }
            hash = BookIdentity.hash(chunk, continuing: hash)
            pieces += 1
            return true
        })
        #expect(reader.error == nil && reader.bytesRead == TestBook.bytes.count && pieces == (TestBook.bytes.count + 999) / 1000)
        #expect(document == TestBook.document)
        #expect(BookIdentity(hashValue: hash, path: TestBook.path) == BookIdentity(bytes: TestBook.bytes, path: TestBook.path))
        // A CRLF copy with a BOM and a bad byte, cut one byte at a time, still matches.
        let crlf = [0xEF, 0xBB, 0xBF] + Array("Title\r\n\r\nOne \u{FF}".utf8) + [0xFF] + Array(" line.\r\n".utf8)
        var at = 0
        let piecewise = Parser.parse(path: "x", progress: { _ in }, read: { chunk in
            guard at < crlf.count else { return false }
            chunk = [crlf[at]]
            at += 1
            return true
        })
        #expect(piecewise == Parser.parse(bytes: crlf, path: "x"))
        #expect(piecewise.warnings.first?.byteOffset == Parser.parse(bytes: crlf, path: "x").warnings.first?.byteOffset)
    }

    @Test func emptyAndBlankFiles() {
        for bytes: [UInt8] in [[], Array("\n\n\n".utf8), Array("   \r\n\t\n".utf8), [0xEF, 0xBB, 0xBF]] {
            let document = Parser.parse(bytes: bytes, path: "empty.txt")
            #expect(document.title == "empty")
            #expect(document.chapters.isEmpty)
            #expect(document.sources.isEmpty)
            #expect(document.makeUnits().isEmpty)
        }
        #expect(Parser.parse(bytes: [], path: "e").lineCount == 0)
        #expect(Parser.parse(bytes: Array("\n\n\n".utf8), path: "e").lineCount == 3)
    }

    @Test func lastLineWithoutNewlineCounts() {
        let document = Parser.parse(text: "Title\n\nFirst paragraph here.\n\nThe last one, without a newline.", path: "t")
        #expect(document.lineCount == 5)
        #expect(document.chapters[0].paragraphs.map(\.line) == [3, 5])
    }

    @Test func hardWrappedProseIsJoined() {
        let text = "A Book\n\nThis paragraph was wrapped\nby hand at a short width\nlike old texts are.\n"
        let paragraph = Parser.parse(text: text, path: "b").chapters[0].paragraphs
        #expect(paragraph.count == 1)
        #expect(paragraph[0].text == "This paragraph was wrapped by hand at a short width like old texts are.")
        #expect(paragraph[0].line == 3 && paragraph[0].endLine == 5)
        let position = paragraph[0].position(ofScalarOffset: 27) // "by"
        #expect(position.line == 4 && position.column == 1)
    }

    @Test func invalidUTF8IsReplacedAndReported() throws {
        var bytes = Array("Title\n\nGood text ".utf8)
        let badOffset = bytes.count
        bytes += [0xFF, 0xC3]
        bytes += Array(" more text.\n".utf8)
        let document = Parser.parse(bytes: bytes, path: "bad.txt")
        #expect(document.warnings.count == 1)
        #expect(document.warnings.first?.line == 3)
        #expect(document.warnings.first?.byteOffset == badOffset)
        let text = try #require(document.chapters.first?.paragraphs.first?.text)
        #expect(text.hasPrefix("Good text \u{FFFD}"))
        #expect(text.hasSuffix(" more text."))
    }

    @Test func truncatedMultibyteAtEndOfFile() {
        let bytes = Array("Title\n\nIt was a caf".utf8) + [0xC3]
        let document = Parser.parse(bytes: bytes, path: "t")
        #expect(document.warnings.map(\.byteOffset) == [19])
        #expect(document.chapters.first?.paragraphs.first?.text == "It was a caf\u{FFFD}")
    }

    @Test func controlCharactersAreKeptAndReported() {
        let text = "Title\n\nBell\u{07} and escape \u{1B}]0;owned\u{07} and NUL \u{0} here.\n"
        let document = Parser.parse(text: text, path: "c")
        let paragraph = document.chapters[0].paragraphs[0].text
        #expect(paragraph.unicodeScalars.contains("\u{1B}"))
        #expect(paragraph.unicodeScalars.contains("\u{0}"))
        #expect(document.warnings.count == 1)
        #expect(document.warnings[0].line == 3)
        #expect(document.warnings[0].byteOffset == 11)
    }

    @Test func sourcesInAnotherBook() {
        let text = """
        Small Book

        Intro paragraph.

        Primary Sources

        A note before the first source.

        (1) Rosa Luxemburg, The Mass Strike (1906)

        The mass strike is the living pulse of the revolution.

        (3) This is not the next number, so it is text.

        (2) A letter describing the strike, written in a hurry.
        "Short line of dialogue."
        """
        let document = Parser.parse(text: text, path: "s")
        #expect(document.sourcesPreamble.map(\.text) == ["A note before the first source."])
        #expect(document.sources.count == 2)
        #expect(document.sources[0].author == "Rosa Luxemburg")
        #expect(document.sources[0].title == "The Mass Strike")
        #expect(document.sources[0].date == "1906")
        #expect(document.sources[0].paragraphs.map(\.line) == [11, 13])
        #expect(document.sources[1].author == nil)
        #expect(document.sources[1].paragraphs.map(\.text) == ["\"Short line of dialogue.\""])
    }

    @Test func largeSyntheticBookScalesAndKeepsStructure() {
        // 100 copies of the book (about 18.5 MB) back to back: every copy's structure is found.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(TestBook.bytes.count * 100 + 200)
        for _ in 0..<100 {
            bytes += TestBook.bytes
            bytes += [0x0A, 0x0A]
        }
        let document = Parser.parse(bytes: bytes, path: "big.txt")
        #expect(document.lineCount == 100 * 753)
        // After the first copy everything is inside "Primary Sources" and numbering restarts,
        // so later copies are source text: no line is lost.
        let units = document.makeUnits()
        let nonBlank = TestBook.lines.filter { !$0.isEmpty }.count * 100
        let covered = units.reduce(0) { $0 + $1.paragraph.endLine - $1.paragraph.line + 1 }
        #expect(covered == nonBlank)
    }
}
