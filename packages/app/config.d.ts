export interface Config {
  app?: {
    /**
     * People of the demo company offered on the local sign-in page, signed
     * in through the development-only `demo` auth provider.
     * @visibility frontend
     */
    demoPersonas?: Array<{
      /** Catalog user name, e.g. lucas-moreau. @visibility frontend */
      user: string;
      /** @visibility frontend */
      title: string;
      /** @visibility frontend */
      description?: string;
    }>;
  };
}
