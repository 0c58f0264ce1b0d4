export function App() {
  return <div>Makini Flows</div>;
}
