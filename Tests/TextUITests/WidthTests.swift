@testable import TextUI
import Testing

@Suite struct DisplayWidthTests {
    @Test func asciiAndLatin() {
        #expect(DisplayWidth.of("Trotsky") == 7)
        #expect(DisplayWidth.of("Œuvre café") == 10)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func wideCharacters() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("ｱ") == 1)          // halfwidth katakana
        #expect(DisplayWidth.of("Ａ") == 2)          // fullwidth A
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of(Unicode.Scalar(0x20000)!) == 2)  // CJK extension B
    }

    @Test func combiningAndZeroWidth() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("e\u{301}\u{327}") == 1)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)            // zero width space
        #expect(DisplayWidth.of("\u{301}") == 0)              // lone combining mark
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)  // ZWJ
        #expect(DisplayWidth.of(Unicode.Scalar(0xFE0F)!) == 0)  // VS16
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2)  // Hangul L V T jamo
        #expect(DisplayWidth.of("\u{AD}") == 1)                // soft hyphen, as glibc
    }

    @Test func emoji() {
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)                   // skin tone modifier joins
        #expect(DisplayWidth.of("👨\u{200D}👩\u{200D}👧") == 2)  // ZWJ family
        #expect(DisplayWidth.of("❤") == 1)                    // text presentation by default
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2)            // VS16 asks for emoji
        #expect(DisplayWidth.of("🇷🇺") == 2)                   // flag
        #expect(DisplayWidth.of("a😀b") == 4)
    }

    @Test func controlsCountAsTheirVisibleForm() {
        #expect(DisplayWidth.of("\u{1B}") == 2)
        #expect(DisplayWidth.of("\u{1B}[31m") == 6)    // ^[ + [31m
        #expect(DisplayWidth.of("\u{0}") == 2)
        #expect(DisplayWidth.of("\u{7F}") == 2)
        #expect(DisplayWidth.of("\u{85}") == 8)
        #expect(DisplayWidth.of("\r\n") == 4)
        #expect(DisplayWidth.of("\t") == 2)
    }

    @Test func visibleForms() {
        #expect(VisibleText.sanitize("a\u{1B}b") == "a^[b")
        #expect(VisibleText.sanitize("\u{0}\u{7F}\u{85}\u{2028}") == "^@^?<U+0085><U+2028>")
        #expect(VisibleText.sanitize("\t") == "^I")
        #expect(VisibleText.sanitize("Trotsky’s “café”") == "Trotsky’s “café”")
        let tricky = "x\u{1B}\u{9B}y\r\n😀"
        #expect(DisplayWidth.of(VisibleText.sanitize(tricky)) == DisplayWidth.of(tricky))
        #expect(!VisibleText.sanitize(tricky).unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
    }

    @Test func substringsAndCharacters() {
        let s = "xx日本語xx"
        #expect(DisplayWidth.of(s.dropFirst(2).dropLast(2)) == 6)
        #expect(DisplayWidth.of(Character("日")) == 2)
        #expect(DisplayWidth.of(Character("e\u{301}")) == 1)
    }

    /// The zero-width part of the table agrees with the standard library's general categories
    /// for every scalar the generator saw (Unicode 14 and earlier).
    @Test func zeroWidthTableMatchesGeneralCategory() {
        var mismatches: [UInt32] = []
        for v in UInt32(0xA0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v), let age = scalar.properties.age,
                  (age.major, age.minor) <= (14, 0) else { continue }
            if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) || v == 0xAD { continue }
            if v == 0x2028 || v == 0x2029 { continue }
            let zero: Bool
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: zero = true
            default: zero = false
            }
            if zero != (DisplayWidth.of(scalar) == 0) { mismatches.append(v) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test func tableIsSortedAndDisjoint() {
        let t = DisplayWidth.ranges
        #expect(t.count % 3 == 0)
        for i in stride(from: 0, to: t.count, by: 3) {
            #expect(t[i] <= t[i + 1])
            #expect(t[i + 2] == 0 || t[i + 2] == 2)
            if i + 3 < t.count { #expect(t[i + 1] < t[i + 3]) }
        }
    }

    /// The scanner's cluster boundaries are exactly the standard library's `Character`s.
    @Test func clusterScannerAgreesWithCharacters() throws {
        let samples = [
            "Lev Davidovich Bronshtein – Trotsky’s “Yanovka”, 1879…",
            "e\u{301}a\u{308}\u{301}x", "\r\n\r\r\n\n", "👨\u{200D}👩\u{200D}👧 🇷🇺🇺🇦🇷", "❤\u{FE0F}👍🏽",
            "\u{1100}\u{1161}\u{11A8}한", "\u{301}start", "a\u{600}1", "日本語ｱ", "\u{1B}[1m\u{85}",
            try Book.text,
        ]
        for sample in samples {
            let boundaries: [String.Index] = ClusterScanner.scan(sample[...]) { scanner in
                var boundaries: [String.Index] = []
                while let cluster = scanner.next() {
                    boundaries.append(scanner.index(cluster.end))
                    let character = Character(scanner.string(cluster))
                    #expect(cluster.width == DisplayWidth.of(character))
                    #expect(cluster.scalarCount == character.unicodeScalars.count)
                }
                return boundaries
            }
            let expected = sample.indices.map { sample.index(after: $0) }
            #expect(boundaries == expected, "\(sample.prefix(40))")
        }
    }
}
