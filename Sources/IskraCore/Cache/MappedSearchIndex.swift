// The search index as the cache holds it, answering `search --count` from the mapped file
// alone: the vocabulary finds a prefix's range of words, the occurrence counts give a single
// word's hits without reading its postings, and the postings with the units' byte starts
// answer several words, exclusions and scopes. Queries that need the text (case, phrases,
// punctuation inside a term, by:) are left to the full index (`canCount` says which).

/// The sections of a book's cache file that are not the search index's.
enum CacheSectionID {
    /// The book's file name when it was cached (UTF-8).
    static let bookName: UInt32 = 1
    static let people: UInt32 = 20
    static let catalog: UInt32 = 21
    static let dates: UInt32 = 22
    /// The hash that names the book's state file (`BookIdentity`), so that where the reader
    /// left off is known before the book is read again.
    static let stateHash: UInt32 = 23

    /// What a file holding these sections has cached, in words.
    static func parts(_ ids: [UInt32]) -> [String] {
        [(SearchIndexSection.postings, "search index"), (people, "people"), (catalog, "sources"), (dates, "dates")]
            .filter { ids.contains($0.0) }.map(\.1)
    }
}

enum SearchIndexSection {
    static let name = CacheSectionID.bookName
    static let vocabulary: UInt32 = 2
    static let vocabularyStart: UInt32 = 3
    static let occurrenceStart: UInt32 = 4
    static let postingStart: UInt32 = 5
    static let postings: UInt32 = 6
    static let unitByteStart: UInt32 = 7
    static let unitScope: UInt32 = 8
}

extension SearchIndex {
    /// The sections a cache file holds for this index: all the flat arrays the vocabulary
    /// and postings are made of, and the units' byte starts and scopes. The text is not in it.
    func cacheSections() -> [CacheSection] {
        [
            CacheSection(id: SearchIndexSection.vocabulary, bytes: vocabulary),
            CacheSection(id: SearchIndexSection.vocabularyStart, values: vocabularyStart.map { UInt32(truncatingIfNeeded: $0) }),
            CacheSection(id: SearchIndexSection.occurrenceStart, values: occurrenceStart.map { UInt32(truncatingIfNeeded: $0) }),
            CacheSection(id: SearchIndexSection.postingStart, values: postingStart.map { UInt64($0) }),
            CacheSection(id: SearchIndexSection.postings, bytes: postings),
            CacheSection(id: SearchIndexSection.unitByteStart, values: unitByteStart.map { UInt32(truncatingIfNeeded: $0) }),
            CacheSection(id: SearchIndexSection.unitScope, bytes: unitScope),
        ]
    }
}

public final class MappedSearchIndex {
    let file: MappedCacheFile

    init(file: MappedCacheFile) { self.file = file }

    /// The book's file name when the cache was written.
    public var bookName: String {
        guard let bytes = file.section(SearchIndexSection.name, width: 1) else { return "?" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `count` can answer the query from the index alone: no capitals, no by:, and
    /// every term (and every excluded term) a single word of letters and digits.
    public static func canCount(_ query: SearchQuery) -> Bool {
        guard query.authors.isEmpty, !query.caseSensitive, !query.positiveTerms.isEmpty else { return false }
        return query.terms.allSatisfy { wordPattern($0) != nil }
    }

    /// The folded lowercase UTF-8 a term is looked up with, when it is one word: its hits are
    /// then exactly the occurrences of the vocabulary words it is a prefix of.
    static func wordPattern(_ term: SearchTerm) -> [UInt8]? {
        switch term.kind {
        case .word:
            let lower = term.folded.lower
            guard !lower.isEmpty, lower.allSatisfy(Folding.isWord) else { return nil }
            return SearchIndex.utf8(lower)
        case .phrase:
            guard term.tokens.count == 1 else { return nil }
            return SearchIndex.utf8(term.tokens[0])
        }
    }

    /// The number of hits `SearchIndex.search(query).count` gives; nil when the query needs
    /// the text, or a section it needs is damaged (the caller then rebuilds).
    public func count(_ query: SearchQuery) -> Int? {
        guard MappedSearchIndex.canCount(query),
              let vocabulary = file.elements(SearchIndexSection.vocabulary, as: UInt8.self),
              let vocabularyStart = file.elements(SearchIndexSection.vocabularyStart, as: UInt32.self),
              let occurrenceStart = file.elements(SearchIndexSection.occurrenceStart, as: UInt32.self),
              vocabularyStart.count >= 1, occurrenceStart.count == vocabularyStart.count
        else { return nil }
        let words = Vocabulary(bytes: vocabulary, starts: vocabularyStart)
        let positives = query.positiveTerms.compactMap(MappedSearchIndex.wordPattern).map(words.prefixRange)
        let excluded = query.excludedTerms.compactMap(MappedSearchIndex.wordPattern).map(words.prefixRange)
        func occurrences(_ ranks: Range<Int>) -> Int {
            ranks.isEmpty ? 0 : Int(occurrenceStart[ranks.upperBound]) - Int(occurrenceStart[ranks.lowerBound])
        }
        if positives.count == 1 && excluded.isEmpty && query.scope == .everywhere { return occurrences(positives[0]) }

        guard let postingStart = file.elements(SearchIndexSection.postingStart, as: UInt64.self),
              let postings = file.elements(SearchIndexSection.postings, as: UInt8.self),
              let unitByteStart = file.elements(SearchIndexSection.unitByteStart, as: UInt32.self),
              let unitScope = file.elements(SearchIndexSection.unitScope, as: UInt8.self),
              postingStart.count == vocabularyStart.count, unitByteStart.count == unitScope.count + 1
        else { return nil }
        let occurrencesOf = Postings(postings: postings, starts: postingStart, unitByteStart: unitByteStart)
        let unitCount = unitScope.count
        let words64 = unitCount / 64 + 1

        // Units allowed: the scope, less those holding an excluded word, and only those
        // holding every positive word (as the full index narrows them).
        var allowed: [UInt64]? = nil
        if query.scope != .everywhere {
            let wanted = query.scope == .sources ? SearchIndex.scopeSources : SearchIndex.scopeChapter
            var bits = [UInt64](repeating: 0, count: words64)
            for u in 0 ..< unitCount where unitScope[u] == wanted { bits[u >> 6] |= 1 << UInt64(u & 63) }
            allowed = bits
        }
        for ranks in excluded {
            var bits = allowed ?? [UInt64](repeating: ~0, count: words64)
            occurrencesOf.forEach(ranks) { _, unit in bits[unit >> 6] &= ~(1 << UInt64(unit & 63)) }
            allowed = bits
        }
        if positives.count == 1 {
            var count = 0
            occurrencesOf.forEach(positives[0]) { _, unit in if SearchIndex.contains(allowed, unit) { count += 1 } }
            return count
        }
        for ranks in positives.sorted(by: { occurrences($0) < occurrences($1) }) {
            var present = [UInt64](repeating: 0, count: words64)
            occurrencesOf.forEach(ranks) { _, unit in
                if SearchIndex.contains(allowed, unit) { present[unit >> 6] |= 1 << UInt64(unit & 63) }
            }
            allowed = present
        }
        // Hits of several words that start at the same place are one hit (a prefix of another).
        var starts: [UInt32] = []
        for ranks in positives {
            occurrencesOf.forEach(ranks) { position, unit in
                if SearchIndex.contains(allowed, unit) { starts.append(UInt32(truncatingIfNeeded: position)) }
            }
        }
        starts.sort()
        var distinct = 0
        for i in starts.indices where i == 0 || starts[i] != starts[i - 1] { distinct += 1 }
        return distinct
    }
}

/// The sorted vocabulary as mapped: word `r` is `bytes[starts[r] ..< starts[r + 1]]`.
struct Vocabulary {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<UInt32>

    var count: Int { starts.count - 1 }

    /// The vocabulary word at `rank`, cut to the pattern's length, compared with the pattern.
    private func comparePrefix(_ rank: Int, _ pattern: [UInt8]) -> Int {
        let start = min(Int(starts[rank]), bytes.count), end = min(max(start, Int(starts[rank + 1])), bytes.count)
        let length = end - start
        for i in 0 ..< min(length, pattern.count) {
            let x = bytes[start + i], y = pattern[i]
            if x != y { return x < y ? -1 : 1 }
        }
        return length < pattern.count ? -1 : 0
    }

    /// Ranks of the words starting with `pattern`.
    func prefixRange(_ pattern: [UInt8]) -> Range<Int> {
        sortedRange(count: count) { comparePrefix($0, pattern) }
    }
}

/// Word positions as mapped: varint gaps per word, and the units' byte starts to place them.
struct Postings {
    let postings: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<UInt64>
    let unitByteStart: UnsafeBufferPointer<UInt32>

    /// Calls `body` with each occurrence of the words ranked in `ranks` and its unit. Reads
    /// stay inside the sections whatever their contents.
    func forEach(_ ranks: Range<Int>, _ body: (_ position: Int, _ unit: Int) -> Void) {
        let units = unitByteStart.count - 1
        guard units > 0 else { return }
        for rank in ranks {
            var p = Int(min(starts[rank], UInt64(postings.count)))
            let end = Int(min(starts[rank + 1], UInt64(postings.count)))
            var position = 0
            var unit = 0
            while p < end {
                var gap = 0, shift = 0
                var byte: UInt8
                repeat {
                    byte = postings[p]
                    p += 1
                    gap |= Int(byte & 0x7F) << min(shift, 56)
                    shift += 7
                } while byte >= 0x80 && p < end
                position &+= gap
                // Positions ascend within a word: move on from the last unit, or search.
                if Int(unitByteStart[unit + 1]) <= position || Int(unitByteStart[unit]) > position {
                    unit = unitHolding(position)
                }
                body(position, unit)
            }
        }
    }

    /// The unit whose bytes hold `position` (the last unit for a position past the end).
    private func unitHolding(_ position: Int) -> Int {
        var low = 0, high = unitByteStart.count - 2
        while low < high {
            let mid = (low + high) / 2
            if Int(unitByteStart[mid + 1]) <= position { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
