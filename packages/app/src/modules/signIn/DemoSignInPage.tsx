import { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  IdentityApi,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import type { Config } from '@backstage/config';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

const STORAGE_KEY = 'value-stream-demo-persona';
const PERSONA_HEADER = 'x-demo-persona';

interface Persona {
  user: string;
  title: string;
  description: string;
}

function readPersonas(config: Config): Persona[] {
  return (config.getOptionalConfigArray('app.demoPersonas') ?? []).map(p => ({
    user: p.getString('user'),
    title: p.getString('title'),
    description: p.getOptionalString('description') ?? '',
  }));
}

/** Signing out forgets the persona so the next visit offers the choice again. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(STORAGE_KEY);
      await identity.signOut();
    },
  };
}

/**
 * The local demo's sign-in page: sign in as guest, or as one of the demo
 * company's people (a service owner, a change approver, an on-call engineer)
 * through the development-only `demo` auth provider.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const personas = readPersonas(config);
  const [choice, setChoice] = useState<string | null>(() =>
    window.localStorage.getItem(STORAGE_KEY),
  );

  if (personas.length === 0) {
    return <SignInPage {...props} providers={['guest']} />;
  }
  if (choice === 'guest') {
    return (
      <SignInPage
        {...props}
        providers={['guest']}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetOnSignOut(identity))
        }
      />
    );
  }
  if (choice) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="demo"
        headers={{ [PERSONA_HEADER]: choice }}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetOnSignOut(identity))
        }
      />
    );
  }

  const choose = (user: string) => {
    window.localStorage.setItem(STORAGE_KEY, user);
    setChoice(user);
  };
  return (
    <Page themeId="home">
      <Header
        title={config.getOptionalString('app.title') ?? 'Backstage'}
        subtitle="Local demo: choose who you are"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} sm={6} md={4}>
            <InfoCard title="Guest">
              <Typography variant="body1" paragraph>
                Backstage's guest sign-in, as the portal's configuration sets it
                up.
              </Typography>
              <Button
                variant="outlined"
                color="primary"
                onClick={() => choose('guest')}
              >
                Guest
              </Button>
            </InfoCard>
          </Grid>
          {personas.map(p => (
            <Grid item xs={12} sm={6} md={4} key={p.user}>
              <InfoCard title={p.title}>
                <Typography variant="body1" paragraph>
                  {p.description}
                </Typography>
                <Button
                  variant="contained"
                  color="primary"
                  aria-label={`Sign in as ${p.title}`}
                  onClick={() => choose(p.user)}
                >
                  Sign in
                </Button>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
