import FuzzSupport
import Testing
@testable import IskraCore

/// The index against the naive oracle (SearchTests.swift) on random texts: words with accents,
/// ligatures, curly quotes and dashes, some paragraphs far longer than the index's 4 KB
/// scalar checkpoints, and queries of every kind (prefixes in either case, words with
/// punctuation inside, phrases, terms that start with punctuation).
@Suite("Search fuzzing")
struct SearchFuzzTests {
    static let vocabulary = ["Lenin", "lenin", "Leninist", "émigré", "Émigré", "emigre", "manœuvre", "Trotsky’s",
                             "trotsky's", "Kronstadt", "kron", "a", "A", "at", "the", "The", "1917–1921", "1905",
                             "“no”", "said…", "—", "(1)", "x", "œuvre", "revolution", "permanent", "Permanent",
                             "café", "stalin", "Stalin"]
    static let separators = [" ", " ", " ", ", ", ". ", " – ", "\u{2019} ", "; "]

    static func text(_ random: inout SplitMix64, words: Int) -> String {
        var text = ""
        for i in 0..<words {
            if i > 0 { text += separators[random.below(separators.count)] }
            text += vocabulary[random.below(vocabulary.count)]
        }
        return text
    }

    static func query(_ random: inout SplitMix64) -> String {
        let word = vocabulary[random.below(vocabulary.count)]
        let scalars = Array(word.unicodeScalars)
        let prefix = String(String.UnicodeScalarView(scalars.prefix(1 + random.below(scalars.count))))
        switch random.below(5) {
        case 0, 1: return prefix
        case 2: return word
        case 3:
            // The oracle splits phrases at spaces only, so phrases use plain words.
            let plain = vocabulary.filter { $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) } }
            return "\"" + plain[random.below(plain.count)] + " " + plain[random.below(plain.count)].prefix(1 + random.below(3)) + "\""
        default: return ["–", "…", ".", "’", "(1", "”", "- x"][random.below(7)]
        }
    }

    @Test func randomTextsAndQueriesMatchTheOracle() {
        FuzzBudget.forEachSeed(base: 0x5EA2C4, defaultSeeds: 8) { seed in
            FuzzBudget.note("search", seed: seed)
            var random = SplitMix64(seed: seed)
            let texts = (0..<(2 + random.below(6))).map { _ in
                // Every few paragraphs is long enough to need scalar checkpoints.
                SearchFuzzTests.text(&random, words: random.chance(30) ? 1500 + random.below(1500) : 1 + random.below(40))
            }
            let units = texts.enumerated().map { i, text in
                TextUnit(id: i, kind: .paragraph, container: .chapter(i),
                         paragraph: Paragraph(line: i + 1, endLine: i + 1, text: text,
                                              segments: [LineSegment(textOffset: 0, line: i + 1, column: 1)]))
            }
            let index = SearchIndex(units: units)
            for _ in 0..<20 {
                let typed = SearchFuzzTests.query(&random)
                let query = SearchQuery(typed)
                guard query.positiveTerms.count == 1, query.excludedTerms.isEmpty, let term = query.terms.first else { continue }
                let expected = term.kind == .phrase
                    ? Naive.phrase(term.text, in: units, caseSensitive: query.caseSensitive)
                    : Naive.term(term.text, in: units, caseSensitive: query.caseSensitive)
                let found = index.search(query).map { Naive.Hit(unit: $0.unit, offset: $0.offset, length: $0.length) }
                if term.kind == .word, let first = term.folded.lower.first, !Folding.isWord(first) {
                    // Punctuation is found anywhere, not only at word starts.
                    #expect(found == SearchFuzzTests.anywhere(term.text, in: units, caseSensitive: query.caseSensitive),
                            "seed \(seed): \(typed)")
                    continue
                }
                #expect(found == expected, "seed \(seed): \(typed)")
            }
        }
    }

    /// Non-overlapping occurrences anywhere in the folded text, left to right.
    static func anywhere(_ term: String, in units: [TextUnit], caseSensitive: Bool) -> [Naive.Hit] {
        let q = Naive.folded(term, caseSensitive: caseSensitive).map(\.scalar)
        var hits: [Naive.Hit] = []
        for unit in units {
            let t = Naive.folded(unit.text, caseSensitive: caseSensitive)
            var i = 0
            while i + q.count <= t.count {
                if (0..<q.count).allSatisfy({ t[i + $0].scalar == q[$0] }) {
                    hits.append(Naive.Hit(unit: unit.id, offset: t[i].origin, length: t[i + q.count - 1].origin + 1 - t[i].origin))
                    i += q.count
                } else {
                    i += 1
                }
            }
        }
        return hits
    }
}
