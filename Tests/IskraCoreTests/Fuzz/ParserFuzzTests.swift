import FuzzSupport
import Testing
@testable import IskraCore

/// The parser on random bytes and on damaged copies of the bundled book: it never crashes,
/// never loses a non-blank line, and every unit maps back to where its text is in the file.
/// Seeds are fixed; a failure names its seed (replay with ISKRA_FUZZ_SEED=N).
@Suite("Parser fuzzing")
struct ParserFuzzTests {
    @Test func randomBytes() {
        let runs = FuzzBudget.forEachSeed(base: 0x1000, defaultSeeds: 100) { seed in
            FuzzBudget.note("parser-bytes", seed: seed)
            var random = SplitMix64(seed: seed)
            let bytes = BookMutator.randomBytes(&random)
            expectSound(bytes, "seed \(seed): random bytes (\(bytes.count))")
        }
        #expect(runs > 0)
    }

    @Test func mutatedBook() {
        let runs = FuzzBudget.forEachSeed(base: 0x2000, defaultSeeds: 12) { seed in
            FuzzBudget.note("parser-book", seed: seed)
            var random = SplitMix64(seed: seed)
            var mutator = BookMutator(bytes: TestBook.bytes)
            let count = 1 + random.below(4)
            for _ in 0..<count { mutator.mutate(&random) }
            expectSound(mutator.bytes, "seed \(seed): \(mutator.log.joined(separator: ", "))")
        }
        #expect(runs > 0)
    }

    /// Each mutation on its own, so one that breaks the parser is named by the failure.
    @Test(arguments: BookMutator.Mutation.allCases)
    func eachMutation(_ mutation: BookMutator.Mutation) {
        for seed in UInt64(0x3000)..<0x3001 {
            var random = SplitMix64(seed: seed)
            var mutator = BookMutator(bytes: TestBook.bytes)
            mutator.apply(mutation, &random)
            expectSound(mutator.bytes, "seed \(seed): \(mutator.log.joined(separator: ", "))")
        }
    }

    /// The checks can fail: a document that drops a line, or moves a unit, is caught.
    @Test func theOracleCatchesLostAndMovedText() throws {
        let text = "Title\n\nFirst paragraph line\nsecond line\n\nLast words here.\n"
        let bytes = Array(text.utf8)
        var document = Parser.parse(bytes: bytes)
        #expect(ParserOracle.problems(bytes, document).isEmpty)
        document.chapters[0].blocks.removeLast()
        #expect(ParserOracle.problems(bytes, document).contains { $0.contains("line 6") })
        document = Parser.parse(bytes: bytes)
        guard case .paragraph(var paragraph) = document.chapters[0].blocks[0] else {
            Issue.record("expected a paragraph")
            return
        }
        paragraph.segments[1].column += 1
        document.chapters[0].blocks[0] = .paragraph(paragraph)
        #expect(!ParserOracle.problems(bytes, document).isEmpty)
    }

    /// Found by the fuzzer: an indented title or heading reported column 1.
    @Test func indentedTitleAndHeadingsKeepTheirColumn() {
        let text = "  Title\n\n\tA Heading\n\nSome text here.\n\n   Primary Sources\n\n(1) A, B (1900)\n"
        let document = Parser.parse(text: text)
        let units = document.makeUnits()
        #expect(units.map(\.kind) == [.title, .heading, .paragraph, .sourcesHeading, .sourceHeader])
        #expect(units.map { $0.paragraph.segments[0].column } == [3, 2, 1, 4, 5])
        #expect(ParserOracle.problems(Array(text.utf8), document).isEmpty)
    }

    func expectSound(_ bytes: [UInt8], _ what: @autoclosure () -> String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let document = Parser.parse(bytes: bytes, path: "fuzz.txt")
        let problems = ParserOracle.problems(bytes, document)
        if !problems.isEmpty {
            Issue.record("\(what()): \(problems.count) problems, first: \(problems.prefix(5).joined(separator: "; "))",
                         sourceLocation: sourceLocation)
        }
        // Fed in pieces cut anywhere (inside a CRLF, a UTF-8 sequence, a BOM), as a large file
        // is read: the same document, warnings and their byte offsets included.
        var random = SplitMix64(seed: UInt64(bytes.count))
        let pieces = Parser.parse(path: "fuzz.txt", progress: { _ in }, read: ParserFuzzTests.pieces(of: bytes, &random))
        if pieces != document {
            Issue.record("\(what()): parsing in pieces gives another document", sourceLocation: sourceLocation)
        }
    }

    /// A reader handing out `bytes` in pieces of random sizes (1 byte to a few kilobytes).
    static func pieces(of bytes: [UInt8], _ random: inout SplitMix64) -> (inout [UInt8]) -> Bool {
        var cuts: [Int] = []
        var at = 0
        while at < bytes.count {
            at = min(bytes.count, at + 1 + (random.chance(30) ? random.below(3) : random.below(5000)))
            cuts.append(at)
        }
        var index = 0, start = 0
        return { chunk in
            guard index < cuts.count else { return false }
            chunk = Array(bytes[start ..< cuts[index]])
            start = cuts[index]
            index += 1
            return true
        }
    }
}

/// What the file holds, read independently of the parser: lines split on LF, CRLF or a lone
/// CR, a leading UTF-8 BOM skipped, decoded with U+FFFD for invalid bytes; a file starting
/// with a UTF-16 BOM decoded as UTF-16 (by the standard library's own decoder).
enum ParserOracle {
    static func lines(_ bytes: [UInt8]) -> [[Unicode.Scalar]] {
        let scalars = decoded(bytes)
        var result: [[Unicode.Scalar]] = []
        var line: [Unicode.Scalar] = []
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\n" || scalar == "\r" {
                result.append(line)
                line = []
                if scalar == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
            } else {
                line.append(scalar)
            }
            i += 1
        }
        if !line.isEmpty { result.append(line) }
        return result
    }

    static func decoded(_ bytes: [UInt8]) -> [Unicode.Scalar] {
        if bytes.count >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            var i = 2
            while i + 1 < bytes.count {
                units.append(little ? UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]) : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            var scalars = Array(String(decoding: units, as: UTF16.self).unicodeScalars)
            if i < bytes.count { scalars.append("\u{FFFD}") }
            return scalars
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        return Array(String(decoding: body, as: UTF8.self).unicodeScalars)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\u{A0}" }

    static func trimmedEnd(_ line: [Unicode.Scalar]) -> Int {
        var end = line.count
        while end > 0 && isSpace(line[end - 1]) { end -= 1 }
        return end
    }

    /// What may stand before a unit on its line: blanks, for a source header its `(N)`, and
    /// for a Markdown heading or title its `#` marks (a Markdown book's `## Author: ...` field
    /// is a paragraph without them).
    static func isAllowedPrefix(_ prefix: ArraySlice<Unicode.Scalar>, sourceHeader: Bool, heading: Bool = false) -> Bool {
        var rest = prefix.drop(while: isSpace)
        if heading { return rest.allSatisfy { $0 == "#" || isSpace($0) } }
        guard sourceHeader else { return rest.isEmpty }
        guard rest.first == "(" else { return false }
        rest = rest.dropFirst()
        let digits = rest.prefix(while: { ("0"..."9").contains($0) })
        rest = rest.dropFirst(digits.count)
        guard !digits.isEmpty, rest.first == ")" else { return false }
        return rest.dropFirst().allSatisfy(isSpace)
    }

    /// Every way `document` disagrees with the file (empty when it is sound).
    static func problems(_ bytes: [UInt8], _ document: Document) -> [String] {
        let lines = lines(bytes)
        var problems: [String] = []
        if document.lineCount != lines.count {
            problems.append("lineCount \(document.lineCount), file has \(lines.count) lines")
        }
        var owners = [Int](repeating: 0, count: lines.count + 2)
        for unit in document.makeUnits() {
            let paragraph = unit.paragraph
            let scalars = Array(paragraph.text.unicodeScalars)
            guard !paragraph.segments.isEmpty else {
                problems.append("unit \(unit.id) has no segments")
                continue
            }
            if paragraph.segments.first?.line != paragraph.line || paragraph.segments.last?.line != paragraph.endLine {
                problems.append("unit \(unit.id): lines \(paragraph.line)-\(paragraph.endLine) disagree with its segments")
            }
            for (i, segment) in paragraph.segments.enumerated() {
                guard segment.line >= 1, segment.line <= lines.count else {
                    problems.append("unit \(unit.id): segment on line \(segment.line), outside the file")
                    continue
                }
                owners[segment.line] += 1
                // A heading's title may stand below its marker after blank lines, and a marked
                // picture's text run over blank lines to its closing bracket; nothing else
                // skips a line.
                let previousLine = i > 0 ? paragraph.segments[i - 1].line : 0
                let skipsOnlyBlanks = (unit.kind == .heading || unit.kind == .figureAlt) && i > 0 && segment.line > previousLine
                    && lines[previousLine ..< segment.line - 1].allSatisfy { trimmedEnd($0) == 0 }
                if i > 0, segment.line != previousLine + 1, !skipsOnlyBlanks {
                    problems.append("unit \(unit.id): segments skip from line \(paragraph.segments[i - 1].line) to \(segment.line)")
                }
                // The unit's text for this segment is the file's line from the segment's column
                // to its last non-blank scalar.
                let end = i + 1 < paragraph.segments.count ? paragraph.segments[i + 1].textOffset - 1 : scalars.count
                let line = lines[segment.line - 1]
                let lineEnd = trimmedEnd(line)
                guard segment.textOffset >= 0, segment.textOffset <= end, end <= scalars.count,
                      segment.column >= 1, segment.column - 1 <= lineEnd else {
                    problems.append("unit \(unit.id): segment \(i) (offset \(segment.textOffset), column \(segment.column)) out of range on line \(segment.line)")
                    continue
                }
                if scalars[segment.textOffset..<end].elementsEqual(line[(segment.column - 1)..<lineEnd]) == false {
                    problems.append("unit \(unit.id): text differs from line \(segment.line) column \(segment.column)")
                    continue
                }
                if segment.column > 1 && !isAllowedPrefix(line[0..<(segment.column - 1)], sourceHeader: unit.kind == .sourceHeader,
                                                    heading: unit.kind == .heading || unit.kind == .title
                                                        || (document.layout.markdown && unit.kind == .paragraph)) {
                    problems.append("unit \(unit.id): line \(segment.line) has text before column \(segment.column)")
                }
                if i > 0 && scalars[segment.textOffset - 1] != " " {
                    problems.append("unit \(unit.id): lines not joined by a space before line \(segment.line)")
                }
                // Spot-check positions through the public mapping: the first, last and middle
                // scalar of the segment are where the file has them.
                for offset in Set([segment.textOffset, (segment.textOffset + end) / 2, end - 1]) where offset >= segment.textOffset && offset < end {
                    let position = paragraph.position(ofScalarOffset: offset)
                    guard position.line == segment.line, position.column >= 1, position.column <= line.count,
                          line[position.column - 1] == scalars[offset] else {
                        problems.append("unit \(unit.id): offset \(offset) maps to \(position.line):\(position.column), which does not hold that scalar")
                        continue
                    }
                }
            }
        }
        // Book order: each unit starts after the previous one ends.
        var previousEnd = 0
        for unit in document.makeUnits() {
            if unit.paragraph.line <= previousEnd {
                problems.append("unit \(unit.id) at line \(unit.paragraph.line) comes after text ending at line \(previousEnd)")
            }
            previousEnd = max(previousEnd, unit.paragraph.endLine)
        }
        for (index, line) in lines.enumerated() {
            let expected = trimmedEnd(line) == 0 ? 0 : 1
            if owners[index + 1] != expected {
                problems.append("line \(index + 1) is in \(owners[index + 1]) units, expected \(expected)")
            }
        }
        return problems
    }
}

/// Damages a book the ways real files are damaged.
struct BookMutator {
    enum Mutation: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case truncate, shuffleLines, controlCharacters, invalidUTF8, hugeLine, crlfMix, indent
        case dropBlankLines, sourceHeaders, bom, duplicateBlocks
        /// The whole book on one line (line breaks become spaces), CR line ends only (old Mac
        /// files), and the book as UTF-16 with a BOM.
        case singleLine, crOnly, utf16
        var testDescription: String { rawValue }
    }

    var bytes: [UInt8]
    var log: [String] = []

    mutating func mutate(_ random: inout SplitMix64) {
        let all = Mutation.allCases
        apply(all[random.below(all.count)], &random)
    }

    mutating func apply(_ mutation: Mutation, _ random: inout SplitMix64) {
        switch mutation {
        case .truncate:
            let at = random.below(bytes.count + 1)
            bytes.removeSubrange(at...)
            log.append("truncated at \(at)")
        case .shuffleLines:
            var lines = splitLines()
            if random.chance(50) {
                lines.shuffle(using: &random)
                log.append("all lines shuffled")
            } else {
                let swaps = 1 + random.below(200)
                for _ in 0..<swaps where lines.count > 1 {
                    lines.swapAt(random.below(lines.count), random.below(lines.count))
                }
                log.append("\(swaps) line swaps")
            }
            bytes = Array(lines.joined(separator: [0x0A]))
        case .controlCharacters:
            let count = 1 + random.below(300)
            let controls: [UInt8] = [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x7F]
            for _ in 0..<count {
                let at = random.below(bytes.count + 1)
                if random.chance(10) {
                    bytes.insert(contentsOf: Array("\u{85}\u{9B}".utf8), at: at) // C1 controls
                } else {
                    bytes.insert(controls[random.below(controls.count)], at: at)
                }
            }
            log.append("\(count) control characters")
        case .invalidUTF8:
            let count = 1 + random.below(200)
            let pieces: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0x80], [0xE2, 0x80], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80],
                                     [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xEF, 0xBB, 0xBF]]
            for _ in 0..<count {
                bytes.insert(contentsOf: pieces[random.below(pieces.count)], at: random.below(bytes.count + 1))
            }
            log.append("\(count) invalid UTF-8 sequences")
        case .hugeLine:
            var lines = splitLines()
            let length = 10_000 + random.below(5_000)
            var line: [UInt8] = []
            let words = random.chance(50)
            while line.count < length {
                if words {
                    line += Array(["Trotsky ", "révolution ", "– ", "“Lev” ", "(12) ", "日本語 ", "a\tb "][random.below(7)].utf8)
                } else {
                    line.append(UInt8(ascii: "a") + UInt8(random.below(26)))
                }
            }
            lines.insert(line[...], at: random.below(lines.count + 1))
            bytes = Array(lines.joined(separator: [0x0A]))
            log.append("a \(line.count)-byte line\(words ? " of words" : " without spaces")")
        case .crlfMix:
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + bytes.count / 20)
            var changed = 0
            for byte in bytes {
                if byte == 0x0A && random.chance(40) { result.append(0x0D); changed += 1 }
                if byte == 0x0A && random.chance(2) { result.append(0x0D); result.append(0x0D) }
                result.append(byte)
            }
            // A few lone CRs (old Mac line ends) inside lines.
            for _ in 0..<random.below(20) { result.insert(0x0D, at: random.below(result.count + 1)) }
            bytes = result
            log.append("CRLF on \(changed) lines")
        case .indent:
            var lines = splitLines()
            var count = 0
            for i in lines.indices where random.chance(20) {
                let indent: [UInt8] = Array(repeating: random.chance(50) ? 0x20 : 0x09, count: 1 + random.below(6))
                lines[i] = (indent + lines[i] + (random.chance(30) ? [0x20, 0x09] : []))[...]
                count += 1
            }
            bytes = Array(lines.joined(separator: [0x0A]))
            log.append("\(count) lines indented")
        case .dropBlankLines:
            let lines = splitLines().filter { line in random.chance(30) || line.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } }
            bytes = Array(lines.joined(separator: [0x0A]))
            log.append("blank lines dropped")
        case .sourceHeaders:
            var lines = splitLines()
            let count = 1 + random.below(40)
            for _ in 0..<count {
                let header = random.chance(20) ? "Primary Sources" : "(\(random.below(50))) Someone, A Work (19\(random.below(100)))"
                lines.insert(Array(header.utf8)[...], at: random.below(lines.count + 1))
            }
            bytes = Array(lines.joined(separator: [0x0A]))
            log.append("\(count) source headers inserted")
        case .bom:
            bytes = [0xEF, 0xBB, 0xBF] + bytes
            log.append("BOM")
        case .singleLine:
            let breaks = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count
            bytes = bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
            log.append("one line (\(breaks) line breaks made spaces)")
        case .crOnly:
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1; continue }
                result.append(bytes[i] == 0x0A ? 0x0D : bytes[i])
                i += 1
            }
            bytes = result
            log.append("CR line ends only")
        case .utf16:
            let bigEndian = random.chance(50)
            var result: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            for unit in String(decoding: bytes, as: UTF8.self).utf16 {
                let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
                result += bigEndian ? [high, low] : [low, high]
            }
            // Now and then a broken one: a lone surrogate, or an odd last byte.
            if random.chance(30) {
                let at = 2 + 2 * random.below((result.count - 2) / 2 + 1)
                result.insert(contentsOf: bigEndian ? [0xD8, 0x00] : [0x00, 0xD8], at: at)
            }
            if random.chance(30) { result.append(0x41) }
            bytes = result
            log.append("UTF-16 \(bigEndian ? "BE" : "LE")")
        case .duplicateBlocks:
            let lines = splitLines()
            guard !lines.isEmpty else { return }
            let start = random.below(lines.count)
            let end = min(lines.count, start + 1 + random.below(50))
            var result = lines
            result.insert(contentsOf: lines[start..<end], at: random.below(lines.count + 1))
            bytes = Array(result.joined(separator: [0x0A]))
            log.append("lines \(start + 1)-\(end) repeated")
        }
    }

    private func splitLines() -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    }

    /// Random bytes, biased towards what matters to the parser: line ends, spaces, capitals,
    /// digits and parentheses, multi-byte and broken UTF-8.
    static func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
        let length = random.below(random.chance(10) ? 20_000 : 2_000)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        let style = random.below(4)
        while bytes.count < length {
            switch style {
            case 0:
                bytes.append(UInt8(truncatingIfNeeded: random.next()))
            case 3:
                // No LF at all: words, spaces and now and then a CR (one long line, or old Mac ends).
                switch random.below(20) {
                case 0: bytes.append(0x0D)
                case 1: bytes += Array(["é", "’", "日", "\u{301}", "\u{200D}", "\u{0}"][random.below(6)].utf8)
                default:
                    for _ in 0..<random.below(9) { bytes.append(UInt8(ascii: "a") + UInt8(random.below(26))) }
                    bytes.append(0x20)
                }
            default:
                switch random.below(12) {
                case 0: bytes.append(0x0A)
                case 1: bytes.append(random.chance(50) ? 0x20 : 0x09)
                case 2: bytes += [0x0D, 0x0A]
                case 3: bytes += Array("(\(random.below(5))) ".utf8)
                case 4: bytes += Array(["é", "’", "日", "…", "\u{301}", "Primary Sources", "\u{FEFF}"][random.below(7)].utf8)
                case 5: bytes.append(UInt8(0x80 + random.below(0x80)))
                case 6: bytes.append(UInt8(random.below(0x20)))
                case 7, 8: bytes.append(UInt8(ascii: "A") + UInt8(random.below(26)))
                default:
                    let word = random.below(8)
                    for _ in 0..<word { bytes.append(UInt8(ascii: "a") + UInt8(random.below(26))) }
                    bytes.append([0x20, 0x2E, 0x2C, 0x0A][random.below(4)])
                }
            }
        }
        return bytes
    }
}
