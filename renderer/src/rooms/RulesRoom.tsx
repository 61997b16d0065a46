// The legal rules as the console applies them (docs/legal-rules.md, bundled): `#/rules` shows the
// whole document, `#/rules/<anchor>` the one section a "How this date was computed" link names.
import { Inert } from '../components/Text';
import { rulesSections, type RulesSection } from '../legal-rules-doc';
import { hrefOf, useRouteItem } from '../router';

function Section({ section }: { section: RulesSection }) {
  return (
    <section className="panel" id={section.anchor ?? undefined}>
      {section.heading && <h2>{section.heading}</h2>}
      <pre className="legal-rules-text">{section.body}</pre>
    </section>
  );
}

export function RulesRoom() {
  const anchor = useRouteItem();
  const sections = rulesSections();
  const one = anchor ? sections.find((s) => s.anchor === anchor) : undefined;
  return (
    <section aria-labelledby="room-title" className="room-body">
      <h1 id="room-title" tabIndex={-1}>
        Legal rules
      </h1>
      {one ? (
        <>
          <Section section={one} />
          <p>
            <a href={hrefOf('rules')}>All the legal rules</a>
          </p>
        </>
      ) : (
        <>
          {anchor && (
            <p role="alert">
              No rule is named <Inert value={anchor} />: here are all of them.
            </p>
          )}
          {/* Contents: a way in for the keyboard too (the room scrolls, and axe asks that a
              scrolling region hold something focusable). */}
          <nav aria-label="Legal rules contents">
            <ul>
              {sections.flatMap((s) =>
                s.anchor && s.heading
                  ? [
                      <li key={s.anchor}>
                        <a href={hrefOf('rules', s.anchor)}>{s.heading}</a>
                      </li>,
                    ]
                  : [],
              )}
            </ul>
          </nav>
          {sections.map((s, i) => (
            <Section key={s.anchor ?? s.heading ?? i} section={s} />
          ))}
        </>
      )}
    </section>
  );
}
