// mailauth ships no types for its DKIM verifier; the tests use this much of it.
declare module 'mailauth/lib/dkim/verify.js' {
  export function dkimVerify(
    message: Buffer,
    options: { resolver: (name: string, type: string) => Promise<string[][]> },
  ): Promise<{ results: { signingDomain: string; selector: string; status: { result: string } }[] }>;
}
