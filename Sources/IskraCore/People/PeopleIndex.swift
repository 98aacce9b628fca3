// Finds every mention of every registered person in a book, in one pass over each text unit.
//
// Forms and work titles live in one scalar trie. At every word boundary the trie is walked as
// far as the text allows: the longest form that ends on a word boundary is a candidate mention
// (so `Leon Trotsky` is one mention and `Trotskyist` none), and every work title or `not:`
// phrase found marks a stretch where no mention may fall. A space in a form matches any run of
// whitespace; `’` and `'` are the same. Shared forms are then resolved by the rules documented
// in the register file (context phrase, latest unshared form in the unit, then in the chapter
// or source, then the declared default).

/// One mention: `length` scalars at scalar `offset` of unit `unit`'s text.
public struct Mention: Hashable, Sendable {
    public var unit: Int
    public var offset: Int
    public var length: Int
    /// Index into `PeopleIndex.people`.
    public var person: Int

    public init(unit: Int, offset: Int, length: Int, person: Int) {
        self.unit = unit
        self.offset = offset
        self.length = length
        self.person = person
    }
}

/// A highlight inside one unit's text, for the reader.
public struct MentionSpan: Hashable, Sendable {
    public var offset: Int
    public var length: Int
    public var person: Int

    public init(offset: Int, length: Int, person: Int) {
        self.offset = offset
        self.length = length
        self.person = person
    }
}

public struct CoOccurrence: Hashable, Sendable {
    public var person: Int
    /// How many units (paragraphs, captions, headings, source headers) name both.
    public var units: Int

    public init(person: Int, units: Int) {
        self.person = person
        self.units = units
    }
}

public struct PeopleIndex: Sendable {
    public let people: [Person]
    /// Every mention in book order (unit, then offset).
    public let mentions: [Mention]
    private let spansByUnit: [[MentionSpan]]
    private let mentionIndicesByPerson: [[Int]]
    private let unitsByPerson: [[Int]]

    public init(document: Document, register: PeopleRegister) {
        self.init(units: document.makeUnits(), register: register, sources: document.sources)
    }

    /// `sources` lets a source header's title field count as a work title (see the register docs).
    public init(units: [TextUnit], register: PeopleRegister, sources: [Source] = []) {
        let matcher = PeopleMatcher(register: register)
        let found = matcher.match(units: units, sources: sources)
        people = register.people
        mentions = found
        var spans = [[MentionSpan]](repeating: [], count: units.count)
        var byPerson = [[Int]](repeating: [], count: register.people.count)
        var unitsOf = [[Int]](repeating: [], count: register.people.count)
        for (i, mention) in found.enumerated() {
            if mention.unit >= 0 && mention.unit < spans.count {
                spans[mention.unit].append(MentionSpan(offset: mention.offset, length: mention.length,
                                                       person: mention.person))
            }
            byPerson[mention.person].append(i)
            if unitsOf[mention.person].last != mention.unit { unitsOf[mention.person].append(mention.unit) }
        }
        spansByUnit = spans
        mentionIndicesByPerson = byPerson
        unitsByPerson = unitsOf
    }

    /// Mentions of `person` (an index into `people`) in book order.
    public func mentions(of person: Int) -> [Mention] {
        guard people.indices.contains(person) else { return [] }
        return mentionIndicesByPerson[person].map { mentions[$0] }
    }

    public func mentionCount(of person: Int) -> Int {
        people.indices.contains(person) ? mentionIndicesByPerson[person].count : 0
    }

    /// Highlights for one unit, sorted by offset, never overlapping.
    public func spans(inUnit unit: Int) -> [MentionSpan] {
        spansByUnit.indices.contains(unit) ? spansByUnit[unit] : []
    }

    /// Ids of the units that mention `person`, in book order.
    public func units(mentioning person: Int) -> [Int] {
        people.indices.contains(person) ? unitsByPerson[person] : []
    }

    public func index(ofID id: String) -> Int? { people.firstIndex { $0.id == id } }

    /// People named in the same units as `person`, most shared units first (ties by index).
    public func coOccurrences(of person: Int) -> [CoOccurrence] {
        var counts: [Int: Int] = [:]
        for unit in units(mentioning: person) {
            var seen: Set<Int> = [person]
            for span in spansByUnit[unit] where seen.insert(span.person).inserted {
                counts[span.person, default: 0] += 1
            }
        }
        return counts.map { CoOccurrence(person: $0.key, units: $0.value) }
            .sorted { $0.units != $1.units ? $0.units > $1.units : $0.person < $1.person }
    }

    /// Number of units naming both people.
    public func coOccurrenceCount(_ a: Int, _ b: Int) -> Int {
        let first = Set(units(mentioning: a))
        return units(mentioning: b).filter { first.contains($0) }.count
    }

    /// People with at least one mention, most mentioned first (ties in register order).
    public var peopleByMentions: [Int] {
        people.indices.filter { mentionCount(of: $0) > 0 }
            .sorted { mentionCount(of: $0) != mentionCount(of: $1) ? mentionCount(of: $0) > mentionCount(of: $1) : $0 < $1 }
    }
}

/// The trie and the resolution rules, built once from a register.
struct PeopleMatcher {
    struct Form {
        var candidates: [Int]
        var text: [Unicode.Scalar]
    }

    struct Node {
        var children: [UInt32: Int32] = [:]
        var form: Int32 = -1
        var shadows: [Int32] = []
    }

    private var nodes: [Node] = [Node()]
    /// Children of the root for ASCII scalars, for the common failing first step.
    private var asciiRoot = [Int32](repeating: -1, count: 128)
    private(set) var forms: [Form] = []
    private let shadows: [Shadow]
    /// person -> normalized form -> is default
    private let defaults: [Set<String>]
    /// For each person, (phrase scalars, offset of the form in the phrase, form index).
    private var contexts: [[(phrase: [Unicode.Scalar], formOffset: Int, form: Int)]]

    init(register: PeopleRegister) {
        shadows = register.shadows
        defaults = register.people.map { Set($0.defaults.map(PeopleText.normalized)) }
        contexts = Array(repeating: [], count: register.people.count)
        var formIndex: [String: Int] = [:]
        for (p, person) in register.people.enumerated() {
            for form in person.forms {
                let key = PeopleText.normalized(form)
                if let existing = formIndex[key] {
                    if !forms[existing].candidates.contains(p) { forms[existing].candidates.append(p) }
                } else {
                    formIndex[key] = forms.count
                    forms.append(Form(candidates: [p], text: Array(key.unicodeScalars)))
                }
            }
        }
        for (i, form) in forms.enumerated() {
            let node = insert(form.text)
            nodes[node].form = Int32(i)
        }
        for (i, shadow) in shadows.enumerated() {
            let node = insert(Array(PeopleText.normalized(shadow.literal).unicodeScalars))
            nodes[node].shadows.append(Int32(i))
        }
        for (p, person) in register.people.enumerated() {
            for phrase in person.contexts {
                let normalized = PeopleText.normalized(phrase)
                // The longest of this person's forms that the phrase contains.
                let best = person.forms.map(PeopleText.normalized)
                    .compactMap { form -> (Range<Int>, String)? in
                        PeopleText.wordRange(of: form, in: normalized).map { ($0, form) }
                    }
                    .max { $0.0.count < $1.0.count }
                guard let (range, form) = best, let index = formIndex[form] else { continue }
                contexts[p].append((Array(normalized.unicodeScalars), range.lowerBound, index))
            }
        }
    }

    private mutating func insert(_ scalars: [Unicode.Scalar]) -> Int {
        var node = 0
        var previousSpace = false
        for scalar in scalars {
            // runs of spaces in a form count as one, like runs of whitespace in the text
            let isSpace = PeopleText.isSpace(scalar)
            if isSpace && previousSpace { continue }
            previousSpace = isSpace
            let key = isSpace ? UInt32(0x20) : scalar.value
            if let next = nodes[node].children[key] {
                node = Int(next)
            } else {
                nodes.append(Node())
                let next = nodes.count - 1
                nodes[node].children[key] = Int32(next)
                if node == 0 && key < 128 { asciiRoot[Int(key)] = Int32(next) }
                node = next
            }
        }
        return node
    }

    struct Candidate {
        var offset: Int
        var length: Int
        var form: Int
    }

    func match(units: [TextUnit], sources: [Source]) -> [Mention] {
        var result: [Mention] = []
        result.reserveCapacity(4096)
        // container -> person -> (unit, offset) of the latest unshared mention
        var latestInContainer: [Container: [Int: (unit: Int, offset: Int)]] = [:]
        var scalars: [Unicode.Scalar] = []
        var candidates: [Candidate] = []
        var shadowed: [Range<Int>] = []
        for unit in units {
            scalars.removeAll(keepingCapacity: true)
            for scalar in unit.text.unicodeScalars { scalars.append(PeopleText.fold(scalar)) }
            candidates.removeAll(keepingCapacity: true)
            shadowed.removeAll(keepingCapacity: true)
            scan(scalars, into: &candidates, shadowed: &shadowed)
            if unit.kind == .sourceHeader, case .source(let s) = unit.container, sources.indices.contains(s),
               let range = Self.titleRange(of: sources[s], in: scalars) {
                shadowed.append(range)
            }
            var latestInUnit: [Int: Int] = [:]
            var latest = latestInContainer[unit.container] ?? [:]
            for candidate in candidates {
                let end = candidate.offset + candidate.length
                if shadowed.contains(where: { $0.lowerBound < end && candidate.offset < $0.upperBound }) { continue }
                let form = forms[candidate.form]
                let person: Int
                if form.candidates.count == 1 {
                    person = form.candidates[0]
                    latestInUnit[person] = candidate.offset
                    latest[person] = (unit.id, candidate.offset)
                } else if let resolved = resolve(candidate, form: form, scalars: scalars,
                                                 inUnit: latestInUnit, inContainer: latest) {
                    person = resolved
                } else {
                    continue
                }
                result.append(Mention(unit: unit.id, offset: candidate.offset, length: candidate.length,
                                      person: person))
            }
            latestInContainer[unit.container] = latest
        }
        return result
    }

    private func resolve(_ candidate: Candidate, form: Form, scalars: [Unicode.Scalar], inUnit: [Int: Int],
                         inContainer: [Int: (unit: Int, offset: Int)]) -> Int? {
        // 1. a context phrase around the occurrence
        for person in form.candidates {
            for context in contexts[person] where context.form == candidate.form {
                let start = candidate.offset - context.formOffset
                if start >= 0, start + context.phrase.count <= scalars.count,
                   scalars[start..<start + context.phrase.count].elementsEqual(context.phrase) {
                    return person
                }
            }
        }
        // 2. the latest unshared mention in this unit
        if let best = form.candidates.compactMap({ p in inUnit[p].map { (p, $0) } }).max(by: { $0.1 < $1.1 }) {
            return best.0
        }
        // 3. ... in this chapter or source
        if let best = form.candidates.compactMap({ p in inContainer[p].map { (p, $0) } })
            .max(by: { ($0.1.unit, $0.1.offset) < ($1.1.unit, $1.1.offset) }) {
            return best.0
        }
        // 4. the declared default
        let key = String(String.UnicodeScalarView(form.text))
        return form.candidates.first { defaults[$0].contains(key) }
    }

    private func scan(_ text: [Unicode.Scalar], into candidates: inout [Candidate], shadowed: inout [Range<Int>]) {
        let count = text.count
        var formCursor = 0
        var i = 0
        while i < count {
            let first = text[i]
            if i > 0 && PeopleText.isWordScalar(text[i - 1]) && PeopleText.isWordScalar(first) { i += 1; continue }
            var node: Int
            if first.value < 128 {
                let next = asciiRoot[Int(first.value)]
                if next < 0 { i += 1; continue }
                node = Int(next)
            } else {
                guard let next = nodes[0].children[first.value] else { i += 1; continue }
                node = Int(next)
            }
            var j = i + 1
            var bestForm = -1
            var bestEnd = 0
            while true {
                let current = nodes[node]
                if current.form >= 0 || !current.shadows.isEmpty {
                    let last = text[j - 1]
                    let boundary = j == count || !PeopleText.isWordScalar(last) || !PeopleText.isWordScalar(text[j])
                    if boundary {
                        if current.form >= 0 { bestForm = Int(current.form); bestEnd = j }
                        for s in current.shadows {
                            let shadow = shadows[Int(s)]
                            shadowed.append(Self.map(shadow.shadowed, literal: shadow.literal, text: text, start: i, end: j))
                        }
                    }
                }
                guard j < count else { break }
                let scalar = text[j]
                if PeopleText.isSpace(scalar) {
                    guard let next = current.children[0x20] else { break }
                    while j < count && PeopleText.isSpace(text[j]) { j += 1 }
                    node = Int(next)
                } else {
                    guard let next = current.children[scalar.value] else { break }
                    j += 1
                    node = Int(next)
                }
            }
            if bestForm >= 0 && i >= formCursor {
                candidates.append(Candidate(offset: i, length: bestEnd - i, form: bestForm))
                formCursor = bestEnd
            }
            i += 1
        }
    }

    /// Maps the shadowed scalar range of a literal onto the text it matched at `start..<end`
    /// (whitespace runs may differ in length, so walk both).
    private static func map(_ range: Range<Int>, literal: String, text: [Unicode.Scalar], start: Int,
                            end: Int) -> Range<Int> {
        let lit = Array(PeopleText.normalized(literal).unicodeScalars)
        if range == 0..<lit.count { return start..<end }
        var li = 0, ti = start
        var lower = start, upper = end
        while li <= lit.count && ti <= end {
            if li == range.lowerBound { lower = ti }
            if li == range.upperBound { upper = ti; break }
            guard li < lit.count, ti < end else { break }
            if PeopleText.isSpace(lit[li]) {
                while li < lit.count && PeopleText.isSpace(lit[li]) { li += 1 }
                while ti < end && PeopleText.isSpace(text[ti]) { ti += 1 }
            } else {
                li += 1
                ti += 1
            }
        }
        return lower..<upper
    }

    /// A source header's title as a work title, when it reads as one (starts with a capital).
    static func titleRange(of source: Source, in header: [Unicode.Scalar]) -> Range<Int>? {
        guard let title = source.title, let first = title.unicodeScalars.first, first.properties.isUppercase
        else { return nil }
        let t = Array(PeopleText.normalized(title).unicodeScalars)
        guard !t.isEmpty, t.count <= header.count else { return nil }
        // the title follows the author, so take the last occurrence
        var start = header.count - t.count
        while start >= 0 {
            if header[start..<start + t.count].elementsEqual(t) { return start..<start + t.count }
            start -= 1
        }
        return nil
    }
}
