// A small Zimbra SOAP client for mail tests: signs a user in and sends XML or JSON requests.
import { post, soap12 } from './system';

export class SoapUser {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  static async signIn(url: string, name: string, password: string): Promise<SoapUser> {
    const res = await post(url, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${name}</account><password>${password}</password></AuthRequest>`));
    const token = /<authToken>([^<]+)</.exec(res.text)?.[1];
    if (!token) throw new Error(`sign-in failed: ${res.text}`);
    return new SoapUser(url, token);
  }

  /** An XML request in urn:zimbraMail; returns status and text. */
  xml(body: string) {
    return post(this.url, soap12(body, `<context xmlns="urn:zimbra"><authToken>${this.token}</authToken></context>`));
  }

  /** A JSON request: `{ FooRequest: {...} }` with _jsns added; returns the parsed body. */
  async json(name: string, body: Record<string, unknown>, ns = 'urn:zimbraMail'): Promise<any> {
    const res = await post(
      this.url,
      JSON.stringify({ Header: { context: { _jsns: 'urn:zimbra', authToken: this.token } }, Body: { [name]: { _jsns: ns, ...body } } }),
      'application/json',
    );
    return JSON.parse(res.text);
  }
}

export const faultCodeOf = (text: string) => /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
