// What went wrong, announced at once (role="alert") and shown in the error colour; nothing when
// nothing did. One component for every room and panel, so the semantics cannot drift apart.
export function ErrorAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}
